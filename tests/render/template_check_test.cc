// The template check: a tag that names nothing the document offers, or a template whose
// sections do not balance, is refused with the template's name, line and column, before
// anything renders.
#include "render/template_check.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "render/document_render.h"

namespace equilens {
namespace {

using nlohmann::json;

const json& Schema() {
  static const json schema = json::parse(R"({
    "document": {"title": "T", "meta": {"printed_by": "olu"}},
    "feedback": [{"number": 1, "text": "x", "answered": true}],
    "groups": ["black"],
    "has_feedback": true
  })");
  return schema;
}

// The Status of rendering `text` as templates/documents/x.html.mustache with Schema().
Status Refusal(const std::string& text) {
  const DocumentTemplate tmpl{"templates/documents/x.html.mustache", text};
  Result<std::string> out = RenderDocument(tmpl, Schema(), Schema(), Escape::kHtml);
  REQUIRE_FALSE(out.ok());
  return out.status();
}

std::string Rendered(const std::string& text, const json& context) {
  const DocumentTemplate tmpl{"templates/documents/x.md.mustache", text};
  Result<std::string> out = RenderDocument(tmpl, Schema(), context, Escape::kNone);
  REQUIRE_MESSAGE(out.ok(), out.status().ToString());
  return *out;
}

}  // namespace

TEST_CASE("template check: an unknown variable is refused with place and suggestion") {
  const Status status = Refusal("line one\n  {{#feedback}}{{number}}{{/feedback}} {{feedbak}}\n");
  CHECK(status.category() == ErrorCategory::kInvalidInput);
  CHECK(status.message() ==
        "templates/documents/x.html.mustache:2:40: unknown variable 'feedbak' (did you mean "
        "'feedback'?)");
}

TEST_CASE("template check: a name far from every variable gets no suggestion") {
  CHECK(Refusal("{{zebra}}").message() ==
        "templates/documents/x.html.mustache:1:1: unknown variable 'zebra'");
}

TEST_CASE("template check: unescaped and ampersand tags are checked like variables") {
  CHECK(Refusal("{{{titel}}}").message() ==
        "templates/documents/x.html.mustache:1:1: unknown variable 'titel'");
  CHECK(Refusal("ab{{& document.titel }}").message() ==
        "templates/documents/x.html.mustache:1:3: unknown variable 'document.titel' (did you "
        "mean 'document.title'?)");
}

TEST_CASE("template check: an unknown section is refused") {
  const Status status = Refusal("\n\n{{#feedbacks}}x{{/feedbacks}}");
  CHECK(status.category() == ErrorCategory::kInvalidInput);
  CHECK(status.message() ==
        "templates/documents/x.html.mustache:3:1: unknown section 'feedbacks' (did you mean "
        "'feedback'?)");
  CHECK(Refusal("{{^has_feedbak}}none{{/has_feedbak}}").message() ==
        "templates/documents/x.html.mustache:1:1: unknown section 'has_feedbak' (did you mean "
        "'has_feedback'?)");
}

TEST_CASE("template check: an unclosed section is refused where it opens") {
  CHECK(Refusal("a\n b {{#feedback}}\n{{text}}\n").message() ==
        "templates/documents/x.html.mustache:2:4: section 'feedback' is opened here and never "
        "closed (add {{/feedback}})");
}

TEST_CASE("template check: a close that does not match the open section is refused") {
  CHECK(Refusal("{{#has_feedback}}{{#feedback}}\n{{/has_feedback}}{{/feedback}}").message() ==
        "templates/documents/x.html.mustache:2:1: {{/has_feedback}} does not match the open "
        "section 'feedback' (opened at 1:18; close it first with {{/feedback}})");
}

TEST_CASE("template check: a close with no open section is refused") {
  CHECK(Refusal("text {{/feedback}}").message() ==
        "templates/documents/x.html.mustache:1:6: {{/feedback}} closes section 'feedback', "
        "which is not open");
}

TEST_CASE("template check: partials are refused as not supported") {
  const Status status = Refusal("x\n{{> header}}\n");
  CHECK(status.category() == ErrorCategory::kInvalidInput);
  CHECK(status.message() ==
        "templates/documents/x.html.mustache:2:1: partials ({{> header}}) are not supported: "
        "put the text in this template itself");
}

TEST_CASE("template check: set-delimiter tags are refused as not supported") {
  CHECK(Refusal("{{=<% %>=}}").message() ==
        "templates/documents/x.html.mustache:1:1: set-delimiter tags ({{=<% %>=}}) are not "
        "supported: keep {{ and }}");
}

TEST_CASE("template check: a tag never closed is refused") {
  CHECK(Refusal("ok\n {{document.title").message() ==
        "templates/documents/x.html.mustache:2:2: tag opened here is never closed with }}");
  CHECK(Refusal("{{{document.title}}").message() ==
        "templates/documents/x.html.mustache:1:1: tag opened here is never closed with }}}");
  CHECK(Refusal("a {{ }}").message() ==
        "templates/documents/x.html.mustache:1:3: empty tag '{{ }}' names no variable");
}

TEST_CASE("template check: columns count characters, not bytes") {
  // "é" is two bytes in UTF-8; the district sees one column.
  CHECK(Refusal("é {{nope}}").message() ==
        "templates/documents/x.html.mustache:1:3: unknown variable 'nope'");
}

TEST_CASE("template check: every unknown name is listed, one line each") {
  const Status status = Refusal("{{a1}}\n{{document.title}}\n{{b2}}");
  CHECK(status.message() ==
        "templates/documents/x.html.mustache:1:1: unknown variable 'a1'\n"
        "templates/documents/x.html.mustache:3:1: unknown variable 'b2'");
}

TEST_CASE("template check: dotted names look inside objects") {
  CHECK(Rendered("{{document.meta.printed_by}}", Schema()) == "olu");
  CHECK(Refusal("{{document.meta.printed_bye}}").message() ==
        "templates/documents/x.html.mustache:1:1: unknown variable 'document.meta.printed_bye' "
        "(did you mean 'document.meta.printed_by'?)");
  CHECK(Refusal("{{documnt.title}}").message() ==
        "templates/documents/x.html.mustache:1:1: unknown variable 'documnt.title' (did you "
        "mean 'document.title'?)");
  // A list has no named parts: its items are reached through a section.
  CHECK(Refusal("{{feedback.text}}").message() ==
        "templates/documents/x.html.mustache:1:1: unknown variable 'feedback.text' ('feedback' "
        "is a list: name its items' parts inside {{#feedback}}...{{/feedback}})");
}

TEST_CASE("template check: names resolve in the item first, then in enclosing contexts") {
  const json context = json::parse(R"({
    "document": {"title": "T", "meta": {"printed_by": "olu"}},
    "feedback": [{"number": 1, "text": "a", "answered": true},
                 {"number": 2, "text": "b", "answered": false}],
    "groups": [], "has_feedback": true})");
  CHECK(Rendered("{{#feedback}}{{number}}{{text}}{{document.title}}{{#answered}}!{{/answered}};"
                 "{{/feedback}}",
                 context) == "1aT!;2bT;");
  // Inside an item, a name of the item's own is offered first in suggestions too.
  CHECK(Refusal("{{#feedback}}{{nmber}}{{/feedback}}").message() ==
        "templates/documents/x.html.mustache:1:14: unknown variable 'nmber' (did you mean "
        "'number'?)");
  // Item names are not visible once the section is closed.
  CHECK(Refusal("{{#feedback}}{{/feedback}}{{number}}").message() ==
        "templates/documents/x.html.mustache:1:27: unknown variable 'number'");
}

TEST_CASE("template check: an inverted section renders in the enclosing context") {
  CHECK(Rendered("{{^groups}}no groups in {{document.title}}{{/groups}}",
                 json{{"groups", json::array()}, {"document", {{"title", "T"}}}}) ==
        "no groups in T");
  CHECK(Refusal("{{^feedback}}{{number}}{{/feedback}}").message() ==
        "templates/documents/x.html.mustache:1:14: unknown variable 'number'");
}

TEST_CASE("template check: '.' is the item of a list of single values, and nothing else") {
  CHECK(Rendered("{{#groups}}[{{.}}]{{/groups}}", json{{"groups", {"a", "b"}}}) == "[a][b]");
  CHECK(Refusal("{{.}}").message() ==
        "templates/documents/x.html.mustache:1:1: '.' names the current item of a list of "
        "single values, and there is none here (the variable is inside an object)");
  CHECK(Refusal("{{#feedback}}{{.}}{{/feedback}}").message() ==
        "templates/documents/x.html.mustache:1:14: '.' names the current item of a list of "
        "single values, and there is none here (the variable is inside an object)");
}

TEST_CASE("template check: comments are fine, and may span lines") {
  CHECK(Rendered("{{! anything at all, even nmae }}\n{{!\n  several\n  lines\n}}\nx\n", Schema()) ==
        "x\n");
}

TEST_CASE("template check: a long list of problems is cut short") {
  std::string text;
  for (int i = 0; i < 30; ++i) text += "{{nope}}\n";
  const std::vector<std::string> problems = CheckTemplate("t", text, Schema());
  REQUIRE(problems.size() == 21);
  CHECK(problems.back() == "t: ... and 10 more");
}

}  // namespace equilens
