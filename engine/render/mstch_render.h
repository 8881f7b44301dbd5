// The one door to mstch: renders Mustache text with a JSON context. mstch's own types stay in
// mstch_render.cc, so nothing else compiles its Boost.Variant-heavy header.
#ifndef EQUILENS_RENDER_MSTCH_RENDER_H_
#define EQUILENS_RENDER_MSTCH_RENDER_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "equilens/status.h"

namespace equilens {

// Renders `text` (already checked: see template_check.h) with `context`. `escape_html`
// escapes & < > " ' in every {{name}}; {{{name}}} and {{&name}} are never escaped. JSON
// becomes Mustache values so: object and array as themselves, string and bool as
// themselves, an integer as a number (as text when it does not fit an int), a fractional
// number as text with up to 15 significant digits, null as "".
// internal when mstch throws. Thread-safe: mstch keeps its escape function in a global, so
// renders take turns (a document renders in about a millisecond).
Result<std::string> RenderMustache(const std::string& text, const nlohmann::json& context,
                                   bool escape_html);
// The same with partials ({{> name}} -> text), for a template set such as the web pages.
Result<std::string> RenderMustache(const std::string& text, const nlohmann::json& context,
                                   bool escape_html,
                                   const std::map<std::string, std::string>& partials);

}  // namespace equilens

#endif  // EQUILENS_RENDER_MSTCH_RENDER_H_
