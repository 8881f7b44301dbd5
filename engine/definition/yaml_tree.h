// A small, position-carrying model of a YAML document, and the one function that makes it.
//
// The rest of the loader walks YamlNode, never yaml-cpp: every node knows its line and column,
// maps keep their keys in file order, and nothing in it can alias or loop.
#ifndef EQUILENS_DEFINITION_YAML_TREE_H_
#define EQUILENS_DEFINITION_YAML_TREE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "definition/report.h"
#include "equilens/definition.h"

namespace equilens {

struct YamlNode {
  enum class Kind { kNull, kScalar, kSequence, kMap };

  Kind kind = Kind::kNull;
  std::string text;     // kScalar: the value, without quotes or escapes
  bool quoted = false;  // kScalar: written in quotes, so always text (never a number or bool)
  SourcePos pos;        // where the node starts (for a missing map value: where its key is)
  std::string key;      // when this node is a map value: its key
  SourcePos key_pos;    // ... and where that key is
  std::vector<YamlNode> children;  // kSequence: the items; kMap: the values, each with its key

  bool IsNull() const { return kind == Kind::kNull; }
  bool IsScalar() const { return kind == Kind::kScalar; }
  bool IsSequence() const { return kind == Kind::kSequence; }
  bool IsMap() const { return kind == Kind::kMap; }

  // kMap: the value under `name`; nullptr when absent (or when this is not a map).
  const YamlNode* Find(std::string_view name) const;

  // Where a diagnostic about this node as a whole should point: its key when it has one
  // (`feedback:` rather than the first key inside it), else the node itself.
  SourcePos Anchor() const { return key.empty() ? pos : key_pos; }
};

// Reads `source` into a tree. The text is pre-scanned first (prescan.h), then parsed through
// yaml-cpp's event API, which never expands an alias; anchors, aliases, merge keys, tags, a
// second document, more than kMaxDefinitionNodes nodes or kMaxDefinitionDepth levels are
// refused. Returns nullopt after reporting every such problem (and any YAML syntax error).
// A key repeated in one map is reported but does not stop the walk: the tree keeps the first.
std::optional<YamlNode> ReadYamlTree(const DefinitionSource& source, Reporter& reporter);

// The first key of the top-level map of `source`, read as cheaply as that allows: after the
// pre-scan, the parser stops at that key. nullopt when the text is refused, does not start
// with a map, or its first key is not a plain scalar. Reports nothing.
std::optional<std::string> ReadFirstKey(const DefinitionSource& source);

}  // namespace equilens

#endif  // EQUILENS_DEFINITION_YAML_TREE_H_
