// Checks a document template against the shape of the context it will be rendered with, so a
// district's typo is refused with its place instead of printing as nothing.
#ifndef EQUILENS_RENDER_TEMPLATE_CHECK_H_
#define EQUILENS_RENDER_TEMPLATE_CHECK_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace equilens {

// Every problem in `text`, in template order, each "NAME:LINE:COL: message" with NAME =
// `name`: a tag naming a variable `schema` does not offer at that point (with the closest name
// when one is near), unbalanced sections, partials and set-delimiter tags (not supported).
// Empty when the template is fine. `schema` is shaped like the context, one example item in
// each list. Names resolve as Mustache resolves them: the innermost section's item first,
// then each enclosing context; `a.b` looks `a` up that way and `b` inside it; `.` is the
// current item of a list of single values. Stops at the first structural problem, since
// what follows it cannot be placed.
std::vector<std::string> CheckTemplate(const std::string& name, const std::string& text,
                                       const nlohmann::json& schema);

// What a template set (the web pages) may use beyond a lone document template.
struct TemplateSet {
  // Partial name ({{> header}}) -> its name in messages and its text. A partial renders in
  // the context where it is included, so it is checked there, at every inclusion; a
  // problem inside it names the partial's file, line and column and where it was included.
  struct Partial {
    std::string file;
    std::string text;
  };
  std::map<std::string, Partial> partials;
  bool allow_unescaped = true;  // false: {{{name}}} and {{&name}} are refused
};

// CheckTemplate for a template of `set`: partials are followed (an unknown one, with a
// did-you-mean, or one that includes itself, is a problem), and unescaped tags are refused
// unless the set allows them.
std::vector<std::string> CheckTemplate(const std::string& name, const std::string& text,
                                       const nlohmann::json& schema, const TemplateSet& set);

}  // namespace equilens

#endif  // EQUILENS_RENDER_TEMPLATE_CHECK_H_
