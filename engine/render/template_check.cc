// The template check: walks the tags with a stack of schema nodes, as mstch walks the context.
#include "render/template_check.h"

#include <algorithm>
#include <cstddef>

#include "common/did_you_mean.h"
#include "render/mustache_tags.h"

namespace equilens {
namespace {

using nlohmann::json;

// Enough to fix a template in one pass without burying the first problem.
constexpr std::size_t kMaxProblems = 20;
// Partials within partials: a layout needs two or three; more is a loop gone unnoticed.
constexpr std::size_t kMaxPartialDepth = 8;

struct OpenSection {
  std::string name;
  int line;
  int column;
  bool pushed;  // an inverted section renders in the enclosing context and pushes nothing
};

std::vector<std::string> SplitDots(const std::string& name) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = name.find('.', start);
    parts.push_back(name.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) return parts;
    start = dot + 1;
  }
}

std::vector<std::string> KeysOf(const json& node) {
  std::vector<std::string> keys;
  if (node.is_object()) {
    for (const auto& item : node.items()) keys.push_back(item.key());
  }
  return keys;
}

class Checker {
 public:
  Checker(std::string name, const json& schema, const TemplateSet* set)
      : name_(std::move(name)), set_(set) {
    contexts_.push_back(&schema);
  }

  // Walks `tags`, stopping at a structural problem: nothing after it can be placed.
  void Walk(const std::vector<MustacheTag>& tags) {
    for (const MustacheTag& tag : tags) {
      if (!Visit(tag)) return;
    }
    for (auto open = sections_.rbegin(); open != sections_.rend(); ++open) {
      Problem(open->line, open->column,
              "section '" + open->name + "' is opened here and never closed (add {{/" + open->name +
                  "}})");
    }
  }

  std::vector<std::string> TakeProblems() && {
    if (problems_.size() > kMaxProblems) {
      const std::size_t more = problems_.size() - kMaxProblems;
      problems_.resize(kMaxProblems);
      problems_.push_back(name_ + ": ... and " + std::to_string(more) + " more");
    }
    return std::move(problems_);
  }

 private:
  bool Visit(const MustacheTag& tag) {
    switch (tag.kind) {
      case TagKind::kComment:
        return true;
      case TagKind::kVariable:
        Resolve(tag, "variable");
        return true;
      case TagKind::kUnescaped:
        if (set_ != nullptr && !set_->allow_unescaped) {
          Problem(tag.line, tag.column,
                  "unescaped tag for '" + tag.name +
                      "' is not allowed here: every value is HTML-escaped (write {{" + tag.name +
                      "}})");
          return true;
        }
        Resolve(tag, "variable");
        return true;
      case TagKind::kSectionOpen: {
        const json* node = Resolve(tag, "section");
        // An unknown section still opens, so its close matches and the rest is checked.
        contexts_.push_back(node == nullptr ? &null_ : ItemOf(*node));
        sections_.push_back({tag.name, tag.line, tag.column, true});
        return true;
      }
      case TagKind::kInvertedOpen:
        Resolve(tag, "section");
        sections_.push_back({tag.name, tag.line, tag.column, false});
        return true;
      case TagKind::kSectionClose:
        return Close(tag);
      case TagKind::kPartial:
        if (set_ != nullptr) return Include(tag);
        Problem(tag.line, tag.column,
                "partials ({{> " + tag.name +
                    "}}) are not supported: put the text in this template itself");
        return false;
      case TagKind::kSetDelimiters:
        Problem(tag.line, tag.column,
                "set-delimiter tags ({{" + tag.name + "}}) are not supported: keep {{ and }}");
        return false;
    }
    return true;
  }

  // Checks the partial `tag` names where it is included, in the contexts open here. False
  // (stop) when it includes itself: checking on would never end.
  bool Include(const MustacheTag& tag) {
    const auto partial = set_->partials.find(tag.name);
    if (partial == set_->partials.end()) {
      std::vector<std::string> names;
      for (const auto& entry : set_->partials) names.push_back(entry.first);
      const std::string closest = ClosestName(tag.name, names);
      Problem(tag.line, tag.column,
              "unknown partial '" + tag.name + "'" +
                  (closest.empty() ? "" : " (did you mean '" + closest + "'?)"));
      return true;
    }
    if (std::find(including_.begin(), including_.end(), tag.name) != including_.end() ||
        including_.size() >= kMaxPartialDepth) {
      Problem(tag.line, tag.column, "partial '" + tag.name + "' includes itself");
      return false;
    }
    const std::string where = name_ + ":" + std::to_string(tag.line) + ":" +
                              std::to_string(tag.column) +
                              (included_from_.empty() ? "" : ", " + included_from_);
    Result<std::vector<MustacheTag>> tags = ScanMustacheTags(partial->second.text);
    if (!tags.ok()) {
      problems_.push_back(partial->second.file + ":" + tags.status().message() +
                          " (included from " + where + ")");
      return true;
    }
    Checker inner(partial->second.file, *contexts_.front(), set_);
    inner.contexts_ = contexts_;
    inner.including_ = including_;
    inner.including_.push_back(tag.name);
    inner.included_from_ = where;
    inner.Walk(*tags);
    for (std::string& problem : inner.problems_) problems_.push_back(std::move(problem));
    return true;
  }

  bool Close(const MustacheTag& tag) {
    if (sections_.empty()) {
      Problem(tag.line, tag.column,
              "{{/" + tag.name + "}} closes section '" + tag.name + "', which is not open");
      return false;
    }
    const OpenSection& open = sections_.back();
    if (open.name != tag.name) {
      Problem(tag.line, tag.column,
              "{{/" + tag.name + "}} does not match the open section '" + open.name +
                  "' (opened at " + std::to_string(open.line) + ":" + std::to_string(open.column) +
                  "; close it first with {{/" + open.name + "}})");
      return false;
    }
    if (open.pushed) contexts_.pop_back();
    sections_.pop_back();
    return true;
  }

  // A section over a list renders its body once per item: check the body against the example
  // item. Over an object the object is the context; over a single value, the value (for `.`).
  const json* ItemOf(const json& node) const {
    if (!node.is_array()) return &node;
    return node.empty() ? &null_ : &node.front();
  }

  // The schema node `tag` names, or nullptr after recording why there is none.
  const json* Resolve(const MustacheTag& tag, const char* what) {
    if (tag.name == ".") {
      const json& current = *contexts_.back();
      if (!current.is_structured()) return &current;
      Problem(tag.line, tag.column,
              std::string("'.' names the current item of a list of single values, and there "
                          "is none here (the ") +
                  what + " is inside " + (current.is_array() ? "a list" : "an object") + ")");
      return nullptr;
    }
    const std::vector<std::string> parts = SplitDots(tag.name);
    const json* node = nullptr;
    std::vector<std::string> visible;
    for (auto context = contexts_.rbegin(); context != contexts_.rend(); ++context) {
      if ((*context)->is_object() && (*context)->contains(parts[0])) {
        node = &(**context)[parts[0]];
        break;
      }
      for (std::string& key : KeysOf(**context)) visible.push_back(std::move(key));
    }
    if (node == nullptr) {
      Unknown(tag, what, "", parts[0], tag.name.substr(parts[0].size()), visible);
      return nullptr;
    }
    std::string prefix = parts[0] + ".";
    for (std::size_t i = 1; i < parts.size(); ++i) {
      if (node->is_array()) {
        const std::string list = prefix.substr(0, prefix.size() - 1);
        Problem(tag.line, tag.column,
                std::string("unknown ") + what + " '" + tag.name + "' ('" + list +
                    "' is a list: name its items' parts inside {{#" + list + "}}...{{/" + list +
                    "}})");
        return nullptr;
      }
      if (!node->is_object() || !node->contains(parts[i])) {
        Unknown(tag, what, prefix, parts[i], "", KeysOf(*node));
        return nullptr;
      }
      node = &(*node)[parts[i]];
      prefix += parts[i] + ".";
    }
    return node;
  }

  // "unknown variable 'initiative.titel' (did you mean 'initiative.title'?)": `part` is the
  // piece not found, between the `prefix` that was and the rest of the name after it.
  void Unknown(const MustacheTag& tag, const char* what, const std::string& prefix,
               const std::string& part, const std::string& rest,
               const std::vector<std::string>& candidates) {
    const std::string closest = ClosestName(part, candidates);
    Problem(tag.line, tag.column,
            std::string("unknown ") + what + " '" + tag.name + "'" +
                (closest.empty() ? "" : " (did you mean '" + prefix + closest + rest + "'?)"));
  }

  void Problem(int line, int column, const std::string& message) {
    problems_.push_back(name_ + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                        message +
                        (included_from_.empty() ? "" : " (included from " + included_from_ + ")"));
  }

  std::string name_;
  const TemplateSet* set_;              // null: a lone document template, partials refused
  std::vector<std::string> including_;  // the partials this check is inside, outermost first
  std::string included_from_;           // "page.mustache:3:5": where this partial was included
  const json null_;                     // the context inside a section that names nothing
  std::vector<const json*> contexts_;   // back() is the innermost
  std::vector<OpenSection> sections_;
  std::vector<std::string> problems_;
};

}  // namespace

std::vector<std::string> CheckTemplate(const std::string& name, const std::string& text,
                                       const nlohmann::json& schema) {
  Result<std::vector<MustacheTag>> tags = ScanMustacheTags(text);
  if (!tags.ok()) return {name + ":" + tags.status().message()};
  Checker checker(name, schema, nullptr);
  checker.Walk(*tags);
  return std::move(checker).TakeProblems();
}

std::vector<std::string> CheckTemplate(const std::string& name, const std::string& text,
                                       const nlohmann::json& schema, const TemplateSet& set) {
  Result<std::vector<MustacheTag>> tags = ScanMustacheTags(text);
  if (!tags.ok()) return {name + ":" + tags.status().message()};
  Checker checker(name, schema, &set);
  checker.Walk(*tags);
  return std::move(checker).TakeProblems();
}

}  // namespace equilens
