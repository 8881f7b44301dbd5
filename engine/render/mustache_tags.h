// The tags of a Mustache template, in order, each with the line and column it starts at:
// what the template check walks. mstch parses templates too, but keeps no positions and
// accepts anything, so a misspelt name would print as nothing instead of being refused.
#ifndef EQUILENS_RENDER_MUSTACHE_TAGS_H_
#define EQUILENS_RENDER_MUSTACHE_TAGS_H_

#include <string>
#include <string_view>
#include <vector>

#include "equilens/status.h"

namespace equilens {

enum class TagKind {
  kVariable,       // {{name}}: escaped when the document is HTML
  kUnescaped,      // {{{name}}} or {{&name}}
  kSectionOpen,    // {{#name}}
  kInvertedOpen,   // {{^name}}
  kSectionClose,   // {{/name}}
  kComment,        // {{! ...}}
  kPartial,        // {{> name}}: not supported, refused by the check
  kSetDelimiters,  // {{=<% %>=}}: not supported, refused by the check
};

struct MustacheTag {
  TagKind kind;
  std::string
      name;    // trimmed; the comment's text for kComment, the tag's inside for kSetDelimiters
  int line;    // 1-based
  int column;  // 1-based, in characters (UTF-8 code points), where "{{" starts
};

// The tags of `text`. invalid_input "LINE:COL: ..." (no file name: the caller adds it) for a
// tag that is never closed, "{{{name}}" without its third brace, or an empty tag.
Result<std::vector<MustacheTag>> ScanMustacheTags(std::string_view text);

}  // namespace equilens

#endif  // EQUILENS_RENDER_MUSTACHE_TAGS_H_
