// SchemaDifferences: how the builder of a document's context proves it offers exactly the
// variables the schema (and so the templates) use.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "render/document_render.h"

namespace equilens {
namespace {

using nlohmann::json;
using Lines = std::vector<std::string>;

const json& Schema() {
  static const json schema = json::parse(R"({
    "document": {"title": "T"},
    "forms": [{"title": "F", "fields": [{"label": "L", "value": "V"}]}],
    "groups": ["black"]
  })");
  return schema;
}

}  // namespace

TEST_CASE("schema differences: none for the schema itself or a context of the same shape") {
  CHECK(SchemaDifferences(Schema(), Schema()).empty());
  const json context = json::parse(R"({
    "document": {"title": "Another"},
    "forms": [{"title": "A", "fields": []},
              {"title": "B", "fields": [{"label": "x", "value": 1}, {"label": "y", "value": ""}]}],
    "groups": []
  })");
  CHECK(SchemaDifferences(Schema(), context).empty());
}

TEST_CASE("schema differences: keys missing on either side, with their paths") {
  const json context = json::parse(R"({
    "document": {"title": "T", "subtitle": "S"},
    "forms": [{"title": "A", "fields": [{"label": "x"}, {"label": "y", "valu": "z"}]}],
    "groups": ["a"]
  })");
  CHECK(SchemaDifferences(Schema(), context) == Lines{"document.subtitle: missing in schema",
                                                      "forms[].fields[].value: missing in context",
                                                      "forms[].fields[].valu: missing in schema"});
}

TEST_CASE("schema differences: an object or list where the other side has something else") {
  const json context = json::parse(R"({"document": null, "forms": {}, "groups": "black"})");
  CHECK(SchemaDifferences(Schema(), context) ==
        Lines{"document: an object in schema, null in context",
              "forms: a list in schema, an object in context",
              "groups: a list in schema, a string in context"});
}

TEST_CASE("schema differences: a schema list without its example item is reported") {
  const json schema = {{"items", json::array()}};
  CHECK(SchemaDifferences(schema, json{{"items", {1}}}) ==
        Lines{"items[]: the schema's list has no example item"});
}

}  // namespace equilens
