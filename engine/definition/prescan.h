// The lexical pre-scan: what is refused in a definition's raw text before yaml-cpp reads it.
#ifndef EQUILENS_DEFINITION_PRESCAN_H_
#define EQUILENS_DEFINITION_PRESCAN_H_

#include <string_view>

#include "definition/report.h"

namespace equilens {

// Checks `text` for what must be refused before it is parsed: more than kMaxDefinitionBytes,
// invalid UTF-8, control characters, tabs in indentation, and nesting deeper than
// kMaxDefinitionDepth. Reports each kind of problem once, at its first place (with how many
// more there are), and returns whether the text may be handed to the YAML parser.
// Columns count characters (code points), not bytes.
bool PrescanYaml(std::string_view text, Reporter& reporter);

}  // namespace equilens

#endif  // EQUILENS_DEFINITION_PRESCAN_H_
