// Rendering: HTML escaping for .html documents and none for Markdown, JSON values as a reader
// expects to see them, template files found or refused by path, renders safe across threads.
#include "render/document_render.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "support/process.h"

namespace equilens {
namespace {

using nlohmann::json;

std::string Render(const std::string& text, const json& context, Escape escape) {
  const DocumentTemplate tmpl{"templates/documents/t.mustache", text};
  Result<std::string> out = RenderDocument(tmpl, context, context, escape);
  REQUIRE_MESSAGE(out.ok(), out.status().ToString());
  return *out;
}

}  // namespace

TEST_CASE("render: values are HTML-escaped in html documents") {
  const json context = {{"text", "<script>alert('x & \"y\"')</script>"}};
  CHECK(Render("<p>{{text}}</p>", context, Escape::kHtml) ==
        "<p>&lt;script&gt;alert(&#39;x &amp; &quot;y&quot;&#39;)&lt;/script&gt;</p>");
  // Triple braces and & are the template author's explicit choice to insert markup.
  CHECK(Render("{{{text}}}|{{&text}}", context, Escape::kHtml) ==
        "<script>alert('x & \"y\"')</script>|<script>alert('x & \"y\"')</script>");
}

TEST_CASE("render: values are inserted unchanged in markdown documents") {
  const json context = {{"text", "<script>a & b</script> | *c*"}};
  CHECK(Render("{{text}}", context, Escape::kNone) == "<script>a & b</script> | *c*");
  // The escape setting is put back: an html render after a markdown one still escapes.
  CHECK(Render("{{text}}", context, Escape::kHtml) ==
        "&lt;script&gt;a &amp; b&lt;/script&gt; | *c*");
  CHECK(Render("{{text}}", context, Escape::kNone) == "<script>a & b</script> | *c*");
}

TEST_CASE("render: JSON values print as a reader expects") {
  const json context = {{"int", 42},
                        {"negative", -7},
                        {"big", 5000000000LL},
                        {"huge_unsigned", 18446744073709551615ULL},
                        {"fraction", 0.1 + 0.2},
                        {"whole_double", 2.0},
                        {"null", nullptr},
                        {"yes", true},
                        {"no", false},
                        {"zero", 0},
                        {"empty", ""},
                        {"list", json::array()}};
  CHECK(Render("{{int}} {{negative}} {{big}} {{huge_unsigned}}", context, Escape::kNone) ==
        "42 -7 5000000000 18446744073709551615");
  CHECK(Render("{{fraction}} {{whole_double}} [{{null}}]", context, Escape::kNone) == "0.3 2 []");
  // Sections: false, 0, "", null and an empty list are all "nothing here".
  CHECK(Render("{{#yes}}y{{/yes}}{{#no}}n{{/no}}{{#zero}}z{{/zero}}{{#empty}}e{{/empty}}"
               "{{#null}}u{{/null}}{{#list}}l{{/list}}{{^no}}!{{/no}}",
               context, Escape::kNone) == "y!");
}

TEST_CASE("render: standalone section lines leave no blank lines behind") {
  const json context = {{"items", {{{"name", "a"}}, {{"name", "b"}}}}};
  CHECK(Render("start\n{{#items}}\n- {{name}}\n{{/items}}\nend\n", context, Escape::kNone) ==
        "start\n- a\n- b\nend\n");
}

TEST_CASE("render: a missing template is not_found naming the path") {
  testing::TempDir home;
  Result<DocumentTemplate> tmpl = LoadDocumentTemplate(home.path(), "nope.md.mustache");
  REQUIRE_FALSE(tmpl.ok());
  CHECK(tmpl.status().category() == ErrorCategory::kNotFound);
  CHECK(tmpl.status().message() == "no template templates/documents/nope.md.mustache (looked for " +
                                       home.path() + "/templates/documents/nope.md.mustache)");
}

TEST_CASE("render: a template is read from templates/documents under the home folder") {
  testing::TempDir home;
  std::filesystem::create_directories(home.File("templates/documents"));
  home.Write("templates/documents/x.md.mustache", "# {{title}}\n");
  Result<DocumentTemplate> tmpl = LoadDocumentTemplate(home.path(), "x.md.mustache");
  REQUIRE_MESSAGE(tmpl.ok(), tmpl.status().ToString());
  CHECK(tmpl->name == "templates/documents/x.md.mustache");
  CHECK(tmpl->text == "# {{title}}\n");
  // An empty file is a (useless) template, not a read failure.
  home.Write("templates/documents/empty.md.mustache", "");
  Result<DocumentTemplate> empty = LoadDocumentTemplate(home.path(), "empty.md.mustache");
  REQUIRE(empty.ok());
  CHECK(empty->text.empty());
}

TEST_CASE("render: a template file name cannot leave templates/documents") {
  for (const char* file : {"../secret", "a/b.md.mustache", ".hidden", ""}) {
    Result<DocumentTemplate> tmpl = LoadDocumentTemplate("/tmp", file);
    REQUIRE_FALSE(tmpl.ok());
    CHECK(tmpl.status().category() == ErrorCategory::kInvalidInput);
  }
}

TEST_CASE("render: concurrent html and markdown renders each escape as asked") {
  // mstch's escape function is a process global: without the lock, a markdown render could
  // leave an html render unescaped.
  const json context = {{"text", "<b>"}};
  const DocumentTemplate tmpl{"t", "{{text}}{{text}}{{text}}"};
  std::vector<std::thread> threads;
  std::vector<int> wrong(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      const bool html = t % 2 == 0;
      const std::string expected = html ? "&lt;b&gt;&lt;b&gt;&lt;b&gt;" : "<b><b><b>";
      for (int i = 0; i < 200; ++i) {
        Result<std::string> out =
            RenderDocument(tmpl, context, context, html ? Escape::kHtml : Escape::kNone);
        if (!out.ok() || *out != expected) ++wrong[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < 8; ++t) CHECK(wrong[t] == 0);
}

}  // namespace equilens
