// DescribeWorkflowText and the JSON encodings of definitions and diagnostics: what
// `equilens workflow show` prints and what --json and the server send.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "equilens/workflow_views.h"

namespace equilens {
namespace {

using nlohmann::json;

std::string Join(const std::vector<std::string>& items, const char* separator = ", ") {
  std::string joined;
  for (const std::string& item : items) {
    if (!joined.empty()) joined += separator;
    joined += item;
  }
  return joined;
}

std::string SchoolDays(int days) {
  return std::to_string(days) + (days == 1 ? " school day" : " school days");
}

std::vector<std::string> RequirementNames(const std::vector<Requirement>& requirements) {
  std::vector<std::string> names;
  for (Requirement requirement : requirements) names.push_back(RequirementName(requirement));
  return names;
}

const char* EndName(StageEnd end) {
  switch (end) {
    case StageEnd::kApprove:
      return "approve";
    case StageEnd::kReject:
      return "reject";
    case StageEnd::kNone:
      break;
  }
  return "";
}

// ------------------------------------------------------------------------------ text

// Twelve hex digits are plenty to tell versions apart by eye; the JSON carries the whole hash.
std::string ShortHash(const std::string& sha256) {
  return sha256.empty() ? "(none)" : sha256.substr(0, 12);
}

// Word-wraps `text` to `width` columns, every line starting with `indent`, so descriptions
// written as one folded YAML paragraph stay readable in a terminal.
std::string Wrapped(const std::string& text, const std::string& indent, std::size_t width = 96) {
  std::string out;
  std::string line = indent;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t start = text.find_first_not_of(" \n", at);
    if (start == std::string::npos) break;
    std::size_t end = text.find_first_of(" \n", start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    if (line.size() > indent.size() && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line = indent;
    }
    line += (line.size() > indent.size() ? " " : "") + word;
    at = end;
  }
  if (line.size() > indent.size()) out += line + "\n";
  return out;
}

// "(not the person who filed, nor anyone who acted in feedback or review)": segregation in
// words, since `distinct_from` mixes a person (submitter) with stages.
std::string DistinctFromText(const std::vector<std::string>& distinct_from) {
  std::vector<std::string> who;
  std::vector<std::string> stages;
  for (const std::string& entry : distinct_from) {
    if (entry == kSubmitter) {
      who.push_back("the person who filed");
    } else {
      stages.push_back(entry);
    }
  }
  if (!stages.empty()) who.push_back("anyone who acted in " + Join(stages, " or "));
  return Join(distinct_from) + " (not " + Join(who, ", nor ") + ")";
}

void AppendStage(const Stage& stage, std::string& out) {
  out += "  " + stage.id;
  if (!stage.title.empty() && stage.title != stage.id) out += "  " + stage.title;
  out += "\n";
  if (!stage.description.empty()) out += Wrapped(stage.description, "      ");
  if (stage.end != StageEnd::kNone) {
    out += std::string("      end: ") +
           (stage.end == StageEnd::kApprove ? "approve (reaching it approves the initiative)"
                                            : "reject (reaching it rejects the initiative)") +
           "\n";
    return;
  }
  out += "      owner: " + stage.owner + "\n";
  if (!stage.form.empty()) out += "      form: " + stage.form + "\n";
  out += "      SLA: " +
         (stage.sla_school_days > 0 ? SchoolDays(stage.sla_school_days) : std::string("none")) +
         "\n";
  if (!stage.distinct_from.empty()) {
    out += Wrapped("distinct from: " + DistinctFromText(stage.distinct_from), "      ");
  }
  for (const auto& [event, people] : stage.quorum) {
    out += "      quorum: " + event + " needs " + std::to_string(people) + " different people\n";
  }
}

void AppendTransition(const Transition& transition, std::string& out) {
  out += "  " + transition.from + " --" + transition.event + "--> " + transition.to + "\n";
  out += "      by: " + Join(transition.by) + "\n";
  if (transition.when) out += "      when: " + DescribeGuard(*transition.when) + "\n";
  if (!transition.requires.empty()) {
    out += "      requires: " + Join(RequirementNames(transition.requires)) + "\n";
  }
}

// -------------------------------------------------------------------------------- JSON

json GuardValueJson(const GuardValue& value) {
  switch (value.kind) {
    case GuardValue::Kind::kString:
      return value.text;
    case GuardValue::Kind::kNumber:
      return value.number;
    case GuardValue::Kind::kBool:
      return value.boolean;
  }
  return nullptr;
}

const char* ComparatorName(GuardOp op) {
  switch (op) {
    case GuardOp::kEquals:
      return "equals";
    case GuardOp::kIn:
      return "in";
    case GuardOp::kGt:
      return "gt";
    case GuardOp::kGte:
      return "gte";
    case GuardOp::kLt:
      return "lt";
    case GuardOp::kLte:
      return "lte";
    case GuardOp::kIsPresent:
      return "is_present";
    case GuardOp::kAll:
    case GuardOp::kAny:
    case GuardOp::kNot:
      break;
  }
  return "";
}

// The guard in the shape its YAML has, so a program reads `when:` as the author wrote it.
json GuardJson(const Guard& guard) {
  switch (guard.op) {
    case GuardOp::kAll:
    case GuardOp::kAny: {
      json children = json::array();
      for (const Guard& child : guard.children) children.push_back(GuardJson(child));
      return {{guard.op == GuardOp::kAll ? "all" : "any", std::move(children)}};
    }
    case GuardOp::kNot:
      return {{"not", guard.children.empty() ? json(nullptr) : GuardJson(guard.children[0])}};
    default:
      break;
  }
  json leaf = json::object();
  if (guard.subject == Guard::Subject::kMetric) {
    leaf["metric"] = guard.name;
  } else {
    leaf["field"] = guard.stage + "." + guard.name;
  }
  json operand;
  if (guard.op == GuardOp::kIn) {
    operand = json::array();
    for (const GuardValue& value : guard.values) operand.push_back(GuardValueJson(value));
  } else if (!guard.values.empty()) {
    operand = GuardValueJson(guard.values[0]);
  }
  leaf[ComparatorName(guard.op)] = std::move(operand);
  return leaf;
}

json StageJson(const Stage& stage) {
  json quorum = json::object();
  for (const auto& [event, people] : stage.quorum) quorum[event] = people;
  return {{"id", stage.id},
          {"title", stage.title.empty() ? stage.id : stage.title},
          {"description", stage.description},
          {"owner", stage.owner},
          {"form", stage.form},
          {"sla_school_days", stage.sla_school_days},
          {"distinct_from", stage.distinct_from},
          {"quorum", std::move(quorum)},
          {"end", stage.end == StageEnd::kNone ? json(nullptr) : json(EndName(stage.end))}};
}

json TransitionJson(const Transition& transition) {
  return {{"from", transition.from},
          {"on", transition.event},
          {"to", transition.to},
          {"by", transition.by},
          {"requires", RequirementNames(transition.requires)},
          {"when", transition.when ? GuardJson(*transition.when) : json(nullptr)},
          {"when_text", transition.when ? DescribeGuard(*transition.when) : std::string()}};
}

json FieldJson(const FormField& field) {
  json out = {{"name", field.name},   {"type", FieldTypeName(field.type)},
              {"label", field.label}, {"required", field.required},
              {"help", field.help},   {"choices", field.choices}};
  if (field.min) out["min"] = *field.min;
  if (field.max) out["max"] = *field.max;
  if (field.type == FieldType::kRecords) {
    json fields = json::array();
    for (const FormField& record_field : field.record_fields) {
      fields.push_back(FieldJson(record_field));
    }
    out["min_records"] = field.min_records;
    out["fields"] = std::move(fields);
  }
  return out;
}

}  // namespace

std::string DescribeWorkflowText(const WorkflowDefinition& workflow) {
  std::string out = workflow.title + "\n";
  out += "workflow " + workflow.id + " v" + std::to_string(workflow.version) + "  sha256 " +
         ShortHash(workflow.sha256) + "\n";
  if (!workflow.source_name.empty()) out += "source: " + workflow.source_name + "\n";
  if (!workflow.description.empty()) out += "\n" + Wrapped(workflow.description, "");
  out += "\nroles: " + Join(workflow.roles) + "\n";
  out += "start: " + workflow.start + "\n";

  out += "\nStages\n";
  for (const Stage& stage : workflow.stages) AppendStage(stage, out);

  out += "\nTransitions (tried in this order; the first whose condition holds wins)\n";
  for (const Transition& transition : workflow.transitions) AppendTransition(transition, out);

  out += "\nLifecycle (who may; nobody = denied)\n";
  for (const std::string& event : LifecycleEventNames()) {
    auto roles = workflow.lifecycle.find(event);
    const bool nobody = roles == workflow.lifecycle.end() || roles->second.empty();
    out += "  " + event + ": " + (nobody ? std::string("nobody") : Join(roles->second)) + "\n";
  }

  out += "\nReport back\n";
  if (const auto& report = workflow.report_back) {
    out += "  due " + SchoolDays(report->after_school_days) + " after approval\n";
    out += "  form: " + (report->form.empty() ? std::string("none") : report->form) + "\n";
    out += "  by: " + report->owner + "\n";
    out += "  reviewed by: " +
           (report->reviewers.empty() ? std::string("nobody") : Join(report->reviewers)) + "\n";
  } else {
    out += "  none\n";
  }
  return out;
}

std::string WorkflowJson(const WorkflowDefinition& workflow) {
  json stages = json::array();
  for (const Stage& stage : workflow.stages) stages.push_back(StageJson(stage));
  json transitions = json::array();
  for (const Transition& transition : workflow.transitions) {
    transitions.push_back(TransitionJson(transition));
  }
  // Every lifecycle event is listed, so "nobody" is explicit ([]) rather than a missing key.
  json lifecycle = json::object();
  for (const std::string& event : LifecycleEventNames()) {
    auto roles = workflow.lifecycle.find(event);
    lifecycle[event] =
        roles == workflow.lifecycle.end() ? std::vector<std::string>{} : roles->second;
  }
  json report_back = nullptr;
  if (const auto& report = workflow.report_back) {
    report_back = {{"after_school_days", report->after_school_days},
                   {"form", report->form},
                   {"owner", report->owner},
                   {"reviewers", report->reviewers}};
  }
  json out = {{"id", workflow.id},
              {"version", workflow.version},
              {"title", workflow.title},
              {"description", workflow.description},
              {"sha256", workflow.sha256},
              {"source", workflow.source_name},
              {"roles", workflow.roles},
              {"start", workflow.start},
              {"stages", std::move(stages)},
              {"transitions", std::move(transitions)},
              {"lifecycle", std::move(lifecycle)},
              {"report_back", std::move(report_back)}};
  // Replace, not throw: a definition's text is checked UTF-8, but a hand-built one may not be.
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string FormJson(const FormDefinition& form) {
  json sections = json::array();
  for (const FormSection& section : form.sections) {
    json fields = json::array();
    for (const FormField& field : section.fields) fields.push_back(FieldJson(field));
    sections.push_back({{"id", section.id},
                        {"title", section.title},
                        {"help", section.help},
                        {"fields", std::move(fields)}});
  }
  json out = {{"id", form.id},
              {"version", form.version},
              {"title", form.title},
              {"description", form.description},
              {"sha256", form.sha256},
              {"source", form.source_name},
              {"sections", std::move(sections)}};
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string DiagnosticsJson(const std::vector<Diagnostic>& diagnostics) {
  json out = json::array();
  for (const Diagnostic& diagnostic : diagnostics) {
    out.push_back({{"file", diagnostic.file},
                   {"line", diagnostic.pos.line},
                   {"column", diagnostic.pos.column},
                   {"message", diagnostic.message}});
  }
  // Messages quote the offending YAML, which may be anything the author typed.
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace equilens
