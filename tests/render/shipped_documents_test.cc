// Data is code: every shipped document template renders with its schema, produces
// well-formed, accessible HTML in every branch, and every variable is documented.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "render/document_render.h"
#include "render/document_schemas.h"
#include "support/process.h"

namespace equilens {
namespace {

using nlohmann::json;

struct Shipped {
  const char* file;
  const json& (*schema)();
  Escape escape;
};

const std::vector<Shipped>& ShippedDocuments() {
  static const std::vector<Shipped> kShipped = {
      {"equity-impact-statement.md.mustache", StatementSchema, Escape::kNone},
      {"equity-impact-statement.html.mustache", StatementSchema, Escape::kHtml},
      {"audit-report.md.mustache", AuditReportSchema, Escape::kNone},
      {"audit-report.html.mustache", AuditReportSchema, Escape::kHtml},
  };
  return kShipped;
}

// The schema with every bool negated: the other side of each {{#flag}} and {{^flag}}.
json Flipped(json value) {
  if (value.is_boolean()) return !value.get<bool>();
  if (value.is_structured()) {
    for (json& item : value) item = Flipped(std::move(item));
  }
  return value;
}

// The schema with every list emptied: the {{^list}} side of each list.
json Emptied(json value) {
  if (value.is_array()) return json::array();
  if (value.is_object()) {
    for (json& item : value) item = Emptied(std::move(item));
  }
  return value;
}

// The three contexts that together take every branch of the shipped templates.
std::vector<std::pair<std::string, json>> Variants(const json& schema) {
  return {{"schema", schema}, {"flipped", Flipped(schema)}, {"emptied", Emptied(schema)}};
}

std::string RenderShipped(const Shipped& shipped, const json& context) {
  Result<DocumentTemplate> tmpl = LoadDocumentTemplate(EQUILENS_SOURCE_DIR, shipped.file);
  REQUIRE_MESSAGE(tmpl.ok(), tmpl.status().ToString());
  Result<std::string> out = RenderDocument(*tmpl, shipped.schema(), context, shipped.escape);
  REQUIRE_MESSAGE(out.ok(), out.status().ToString());
  return *out;
}

// Every path of a schema's leaves, "forms[].sections[].title", in document order.
void LeafPaths(const json& value, const std::string& path, std::vector<std::string>& out) {
  if (value.is_object()) {
    for (const auto& item : value.items()) {
      LeafPaths(item.value(), path.empty() ? item.key() : path + "." + item.key(), out);
    }
  } else if (value.is_array() && !value.empty()) {
    if (!value.front().is_structured()) out.push_back(path + "[]");
    LeafPaths(value.front(), path + "[]", out);
  } else if (!value.is_structured()) {
    out.push_back(path);
  }
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("shipped documents: each template renders with its schema as the context") {
  for (const Shipped& shipped : ShippedDocuments()) {
    INFO(shipped.file);
    for (const auto& [variant, context] : Variants(shipped.schema())) {
      INFO(variant);
      const std::string out = RenderShipped(shipped, context);
      CHECK(out.size() > 500);
      CHECK(out.find("{{") == std::string::npos);
    }
  }
}

TEST_CASE("shipped documents: each schema is a context of its own shape") {
  CHECK(SchemaDifferences(StatementSchema(), StatementSchema()).empty());
  CHECK(SchemaDifferences(AuditReportSchema(), AuditReportSchema()).empty());
  // Parsed, not discarded: a typo in document_schemas.cc would leave these empty.
  CHECK(StatementSchema().contains("audit_head"));
  CHECK(AuditReportSchema().contains("chain"));
}

TEST_CASE("shipped documents: each template opens with a comment pointing at the docs") {
  for (const Shipped& shipped : ShippedDocuments()) {
    INFO(shipped.file);
    const std::string text =
        ReadFile(std::filesystem::path(EQUILENS_SOURCE_DIR) / "templates/documents" / shipped.file);
    CHECK(text.rfind("{{!", 0) == 0);
    const std::string comment = text.substr(0, text.find("}}"));
    CHECK(comment.find("docs/documents.md") != std::string::npos);
  }
}

TEST_CASE("shipped documents: html output is well-formed XML in every branch") {
  testing::TempDir dir;
  for (const Shipped& shipped : ShippedDocuments()) {
    if (shipped.escape != Escape::kHtml) continue;
    for (const auto& [variant, context] : Variants(shipped.schema())) {
      INFO(shipped.file << " with the " << variant << " context");
      const std::string path = dir.Write(variant + ".html", RenderShipped(shipped, context));
      // env finds xmllint on PATH; 127 means it is missing (.ci/deps installs libxml2-utils).
      const testing::ProcessResult lint =
          testing::RunProcess("/usr/bin/env", {"xmllint", "--noout", path});
      REQUIRE_MESSAGE(lint.exit_code != 127, "xmllint not found: install libxml2-utils");
      CHECK_MESSAGE(lint.exit_code == 0, (lint.out + lint.err));
    }
  }
}

TEST_CASE("shipped documents: html has one h1, headings in order, captioned tables") {
  const std::regex heading("<h([1-6])[ >]");
  for (const Shipped& shipped : ShippedDocuments()) {
    if (shipped.escape != Escape::kHtml) continue;
    INFO(shipped.file);
    const std::string out = RenderShipped(shipped, shipped.schema());
    int h1_count = 0;
    int previous = 0;
    for (auto it = std::sregex_iterator(out.begin(), out.end(), heading);
         it != std::sregex_iterator(); ++it) {
      const int level = std::stoi((*it)[1]);
      if (level == 1) ++h1_count;
      CHECK_MESSAGE(level <= previous + 1, "h" << level << " after h" << previous);
      previous = level;
    }
    CHECK(h1_count == 1);
    const auto count = [&out](const std::string& what) {
      int n = 0;
      for (std::size_t at = out.find(what); at != std::string::npos; at = out.find(what, at + 1))
        ++n;
      return n;
    };
    CHECK(count("<table>") > 0);
    CHECK(count("<table>") == count("<caption>"));
    CHECK(count("<th>") == 0);
    CHECK(count("<th ") == count("<th scope=\"col\">"));
    CHECK(out.find("<html lang=\"en\">") != std::string::npos);
  }
}

TEST_CASE("shipped documents: the statement tells the reader how to check the audit head") {
  const json& schema = StatementSchema();
  const std::string expect = "equilens audit verify --expect-head \"" +
                             std::to_string(schema["audit_head"]["seq"].get<int>()) + " " +
                             schema["audit_head"]["hash"].get<std::string>() + "\"";
  for (const Shipped& shipped : ShippedDocuments()) {
    if (shipped.schema != StatementSchema) continue;
    INFO(shipped.file);
    CHECK(RenderShipped(shipped, schema).find(expect) != std::string::npos);
  }
}

TEST_CASE("shipped documents: an unanswered field prints as Not answered") {
  json context = StatementSchema();
  json& field = context["forms"][0]["sections"][0]["fields"][0];
  field["answered"] = false;
  field["value"] = "";
  for (const Shipped& shipped : ShippedDocuments()) {
    if (shipped.schema != StatementSchema) continue;
    INFO(shipped.file);
    CHECK(RenderShipped(shipped, context).find("Not answered") != std::string::npos);
  }
}

TEST_CASE("shipped documents: docs/documents.md lists every variable of both documents") {
  const std::string docs =
      ReadFile(std::filesystem::path(EQUILENS_SOURCE_DIR) / "docs" / "documents.md");
  REQUIRE_FALSE(docs.empty());
  for (const json* schema : {&StatementSchema(), &AuditReportSchema()}) {
    std::vector<std::string> paths;
    LeafPaths(*schema, "", paths);
    CHECK(paths.size() > 20);
    for (const std::string& path : paths) {
      CHECK_MESSAGE(docs.find("`" + path + "`") != std::string::npos,
                    "docs/documents.md does not list `" << path << "`");
    }
  }
}

}  // namespace equilens
