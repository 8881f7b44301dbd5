// The JSON encodings of definitions and diagnostics: what `workflow show --json`, `workflow
// lint --json` and the server send, in shapes a program can rely on.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "equilens/workflow_views.h"

namespace equilens {
namespace {

using nlohmann::json;

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
          {"tracks_actions", stage.tracks_actions},
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
  json approvals = nullptr;
  if (const auto& binding = workflow.approvals) {
    approvals = {{"events", binding->events}, {"return_to", binding->return_to}};
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
              {"report_back", std::move(report_back)},
              {"approvals", std::move(approvals)}};
  // Replace, not throw: a definition's text is checked UTF-8, but a hand-built one may not be.
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string FormJson(const FormDefinition& form) {
  json sections = json::array();
  json all_fields = json::array();  // every top-level field, flat, each naming its section
  for (const FormSection& section : form.sections) {
    json fields = json::array();
    for (const FormField& field : section.fields) {
      fields.push_back(FieldJson(field));
      all_fields.push_back(fields.back());
      all_fields.back()["section"] = section.id;
    }
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
              {"sections", std::move(sections)},
              {"fields", std::move(all_fields)}};
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
