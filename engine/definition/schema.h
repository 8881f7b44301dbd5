// Reading a YamlNode against the definition schema: allowed keys, and values of the right type.
//
// Each reader reports a wrong value at the value's own position, in words that say what was
// expected, and returns nothing so that the caller can go on to the next key.
#ifndef EQUILENS_DEFINITION_SCHEMA_H_
#define EQUILENS_DEFINITION_SCHEMA_H_

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "definition/report.h"
#include "definition/yaml_tree.h"

namespace equilens {

struct KeyRule {
  const char* name;
  bool required;
};

// Reports each key of `map` that `rules` does not allow (with a did-you-mean among them) and
// each required key that is missing. `where` names the place: "stage 'feedback'". Returns
// whether every key was allowed and every required key present.
bool CheckKeys(const YamlNode& map, std::initializer_list<KeyRule> rules, const std::string& where,
               Reporter& reporter);

// Checks that the top of a definition file is a map and is not the other kind of definition
// (`kind` is "workflow" or "form", `other` the other one; `keys` lists the required keys for
// the message). Returns whether the file can be read as `kind`.
bool CheckDefinitionRoot(const YamlNode& root, const std::string& kind, const std::string& other,
                         const std::string& keys, Reporter& reporter);

// The keys every definition starts with.
struct DefinitionHeader {
  std::string id;  // under the key `kind`: `workflow: equity-impact-review`
  int version = 0;
  std::string title;
  std::string description;
};
// Reads them from `root` (a map); the missing ones were already reported by CheckKeys.
DefinitionHeader ReadHeader(const YamlNode& root, const std::string& kind, Reporter& reporter);

// Each reader takes the value node and `what` it is ("`version`", "stage 'intake' `sla`").
bool ExpectMap(const YamlNode& node, const std::string& what, Reporter& reporter);
bool ExpectSequence(const YamlNode& node, const std::string& what, Reporter& reporter);

// Any scalar, as text (`title: 2024` is the text "2024").
std::optional<std::string> ReadText(const YamlNode& node, const std::string& what,
                                    Reporter& reporter);
// An unquoted whole number >= `min`.
std::optional<int> ReadInteger(const YamlNode& node, const std::string& what, int min,
                               Reporter& reporter);
// An unquoted number (integer or decimal; no inf or nan).
std::optional<double> ReadNumber(const YamlNode& node, const std::string& what, Reporter& reporter);
// `true` or `false` (also True/TRUE/False/FALSE, as YAML 1.2 spells them).
std::optional<bool> ReadBool(const YamlNode& node, const std::string& what, Reporter& reporter);
// "N school day(s)", N >= 0.
std::optional<int> ReadSchoolDays(const YamlNode& node, const std::string& what,
                                  Reporter& reporter);

enum class IdStyle {
  kDashed,      // workflow and form ids: lowercase letters, digits, '-'
  kUnderscored  // stage ids, event names, field names: lowercase letters, digits, '_'
};
bool IsValidId(std::string_view id, IdStyle style);
std::optional<std::string> ReadId(const YamlNode& node, IdStyle style, const std::string& what,
                                  Reporter& reporter);
// Checks an id that is a map key rather than a value (a stage id, a quorum event).
bool CheckKeyId(const YamlNode& value, IdStyle style, const std::string& what, Reporter& reporter);

// A scalar or a list of scalars (`by: cesj_lead` or `by: [cesj_reviewer, cesj_lead]`): the
// scalar nodes, each keeping its position. Reports anything else; an empty list is reported
// when `allow_empty` is false.
std::vector<const YamlNode*> ReadScalarOrList(const YamlNode& node, const std::string& what,
                                              bool allow_empty, Reporter& reporter);
// A list of scalars only.
std::vector<const YamlNode*> ReadScalarList(const YamlNode& node, const std::string& what,
                                            bool allow_empty, Reporter& reporter);

// The value of an unquoted number or boolean scalar, without reporting anything.
std::optional<double> ParseNumber(const YamlNode& node);
std::optional<bool> ParseBool(const YamlNode& node);

// How a node reads in a message: 'one' for a scalar, "a list", "a map", "nothing".
std::string Describe(const YamlNode& node);

}  // namespace equilens

#endif  // EQUILENS_DEFINITION_SCHEMA_H_
