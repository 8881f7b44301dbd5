// ParseWorkflow: workflow YAML -> WorkflowDefinition. Reads every key against the schema and
// resolves what each names (stages, roles, forms, guard fields) as it goes; then, when every
// stage reference resolved, checks the route as a whole (validate_workflow.cc).
#include <algorithm>
#include <set>
#include <utility>

#include "common/did_you_mean.h"
#include "definition/escalation_parser.h"
#include "definition/guard.h"
#include "definition/schema.h"
#include "definition/validate_workflow.h"
#include "definition/yaml_tree.h"
#include "equilens/definition.h"
#include "equilens/sha256.h"

namespace equilens {
namespace {

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

class WorkflowReader {
 public:
  WorkflowReader(const FormLookup& forms, Reporter& reporter)
      : forms_(forms), reporter_(reporter) {}

  std::optional<WorkflowDefinition> Read(const YamlNode& root) {
    if (!CheckDefinitionRoot(root, "workflow", "form",
                             "workflow, version, title, roles, start, stages and transitions",
                             reporter_)) {
      return std::nullopt;
    }
    CheckKeys(root,
              {{"workflow", true},
               {"version", true},
               {"title", true},
               {"description", false},
               {"roles", true},
               {"start", true},
               {"lifecycle", false},
               {"stages", true},
               {"transitions", true},
               {"report_back", false},
               {"approvals", false}},
              "the workflow", reporter_);
    DefinitionHeader header = ReadHeader(root, "workflow", reporter_);
    workflow_.id = std::move(header.id);
    workflow_.version = header.version;
    workflow_.title = std::move(header.title);
    workflow_.description = std::move(header.description);
    if (const YamlNode* roles = root.Find("roles")) ReadRoles(*roles);
    const YamlNode* stages = root.Find("stages");
    route_intact_ = stages != nullptr && ReadStages(*stages);
    if (const YamlNode* start = root.Find("start")) {
      workflow_.start = ReadStageRef(*start, "`start`").value_or("");
    }
    route_intact_ = route_intact_ && !workflow_.start.empty();
    if (const YamlNode* transitions = root.Find("transitions")) {
      ReadTransitions(*transitions);
    } else {
      route_intact_ = false;  // reported missing; a route without transitions says nothing new
    }
    if (const YamlNode* lifecycle = root.Find("lifecycle")) ReadLifecycle(*lifecycle);
    if (const YamlNode* report_back = root.Find("report_back")) ReadReportBack(*report_back);
    if (const YamlNode* approvals = root.Find("approvals")) ReadApprovals(*approvals);

    if (stages_read_) CheckApprovingEnd(workflow_, root, reporter_);
    if (stages_read_) CheckEscalationTargets(workflow_, reporter_);
    if (route_intact_) CheckRoute(workflow_, root, reporter_);
    return std::move(workflow_);
  }

 private:
  void ReadRoles(const YamlNode& node) {
    std::set<std::string> seen;
    roles_listed_ = node.IsSequence();
    for (const YamlNode* role : ReadScalarList(node, "`roles`", true, reporter_)) {
      if (role->text != kSubmitter && !Contains(KnownRoles(), role->text)) {
        UnknownRole(*role, "`roles`");
        continue;
      }
      if (!seen.insert(role->text).second) {
        reporter_.Error(role->pos, "role '" + role->text + "' is listed twice in `roles`");
        continue;
      }
      workflow_.roles.push_back(role->text);
    }
  }

  void UnknownRole(const YamlNode& role, const std::string& where) {
    std::vector<std::string> roles = KnownRoles();
    roles.emplace_back(kSubmitter);
    reporter_.Error(role.pos, "unknown role '" + role.text + "' in " + where +
                                  DidYouMean(role.text, roles) + "; the roles are " +
                                  JoinNames(roles));
  }

  // A role that acts (owner, by, lifecycle, report_back): known, and listed in `roles`.
  std::optional<std::string> ReadActingRole(const YamlNode& role, const std::string& where) {
    if (role.text == kSubmitter) return role.text;
    if (!Contains(KnownRoles(), role.text)) {
      UnknownRole(role, where);
      return std::nullopt;
    }
    if (roles_listed_ && !Contains(workflow_.roles, role.text)) {
      reporter_.Error(role.pos, "role '" + role.text + "' acts in " + where +
                                    " but is not listed in `roles`: add it there");
    }
    return role.text;
  }

  std::vector<std::string> ReadActingRoles(const YamlNode& node, const std::string& where,
                                           bool allow_empty) {
    std::vector<std::string> roles;
    for (const YamlNode* role : ReadScalarOrList(node, where, allow_empty, reporter_)) {
      if (std::optional<std::string> name = ReadActingRole(*role, where)) roles.push_back(*name);
    }
    return roles;
  }

  // Returns whether the stages could be read well enough to check the route.
  bool ReadStages(const YamlNode& node) {
    if (!ExpectMap(node, "`stages`", reporter_)) return false;
    bool ids_ok = !node.children.empty();
    if (node.children.empty()) {
      reporter_.Error(node.pos, "`stages` is empty: a workflow has at least one stage");
    }
    for (const YamlNode& stage : node.children) {
      ids_ok = CheckKeyId(stage, IdStyle::kUnderscored, "stage id", reporter_) && ids_ok;
      if (stage.key == kReportBackStage) {
        reporter_.Error(stage.key_pos, std::string("stage id '") + kReportBackStage +
                                           "' is reserved for the report-back after sign-off "
                                           "(`report_back:`); name the stage otherwise");
      }
      stage_ids_.push_back(stage.key);
      Stage model;
      model.id = stage.key;
      model.title = stage.key;
      model.pos = stage.key_pos;
      workflow_.stages.push_back(std::move(model));
    }
    // Bodies after ids, so that distinct_from may name a later stage.
    for (std::size_t i = 0; i < node.children.size(); ++i) {
      ReadStage(node.children[i], workflow_.stages[i]);
    }
    stages_read_ = true;
    return ids_ok;
  }

  void ReadStage(const YamlNode& node, Stage& stage) {
    const std::string where = "stage '" + stage.id + "'";
    if (!ExpectMap(node, where, reporter_)) return;
    CheckKeys(node,
              {{"title", false},
               {"description", false},
               {"owner", false},
               {"form", false},
               {"sla", false},
               {"distinct_from", false},
               {"quorum", false},
               {"tracks_actions", false},
               {"escalation", false},
               {"end", false}},
              where, reporter_);
    if (const YamlNode* title = node.Find("title")) {
      stage.title = ReadText(*title, where + " `title`", reporter_).value_or(stage.id);
    }
    if (const YamlNode* description = node.Find("description")) {
      stage.description = ReadText(*description, where + " `description`", reporter_).value_or("");
    }
    if (const YamlNode* end = node.Find("end")) ReadEnd(*end, where, stage);
    if (stage.end != StageEnd::kNone) {
      for (const char* key :
           {"owner", "form", "sla", "distinct_from", "quorum", "tracks_actions", "escalation"}) {
        if (const YamlNode* value = node.Find(key)) {
          reporter_.Error(value->key_pos, "end " + where + " takes no `" + key +
                                              "`: nothing happens in an end stage");
        }
      }
      return;
    }
    if (const YamlNode* owner = node.Find("owner")) {
      if (ReadText(*owner, where + " `owner`", reporter_)) {
        stage.owner = ReadActingRole(*owner, where + " `owner`").value_or("");
      }
    } else if (node.Find("end") == nullptr) {
      reporter_.Error(node.Anchor(), where +
                                         " needs an `owner`: the role whose inbox it is in "
                                         "(or submitter), or `end: approve` / `end: reject`");
    }
    if (const YamlNode* form = node.Find("form")) {
      if (std::optional<std::string> id =
              ReadId(*form, IdStyle::kDashed, where + " `form`", reporter_)) {
        stage.form = *id;
        CheckFormExists(*form, where);
      }
    }
    if (const YamlNode* sla = node.Find("sla")) {
      stage.sla_school_days = ReadSchoolDays(*sla, where + " `sla`", reporter_).value_or(0);
    }
    if (const YamlNode* distinct = node.Find("distinct_from")) {
      for (const YamlNode* item :
           ReadScalarOrList(*distinct, where + " `distinct_from`", false, reporter_)) {
        if (item->text == kSubmitter || Contains(stage_ids_, item->text)) {
          stage.distinct_from.push_back(item->text);
          continue;
        }
        std::vector<std::string> names = stage_ids_;
        names.emplace_back(kSubmitter);
        reporter_.Error(item->pos, where + " `distinct_from` names '" + item->text +
                                       "', which is neither submitter nor a stage" +
                                       DidYouMean(item->text, names));
      }
    }
    if (const YamlNode* quorum = node.Find("quorum")) ReadQuorum(*quorum, where, stage);
    if (const YamlNode* tracks = node.Find("tracks_actions")) {
      ReadTracksActions(*tracks, where, stage);
    }
    if (const YamlNode* escalation = node.Find("escalation")) {
      stage.escalation = ReadEscalation(*escalation, stage, reporter_);
    }
  }

  // `tracks_actions: FIELD`: a records field of the stage's form, whose records carry an
  // `action`, an `owner` and a `due` date (what `mitigation` tracks after sign-off).
  void ReadTracksActions(const YamlNode& node, const std::string& where, Stage& stage) {
    std::optional<std::string> name =
        ReadId(node, IdStyle::kUnderscored, where + " `tracks_actions`", reporter_);
    if (!name) return;
    if (stage.form.empty()) {
      reporter_.Error(node.pos, where + " `tracks_actions` needs the stage to have a `form`");
      return;
    }
    const FormDefinition* form = forms_ ? forms_(stage.form) : nullptr;
    if (form == nullptr) return;  // reported as an unknown form
    const FormField* field = form->FindField(*name);
    if (field == nullptr || field->type != FieldType::kRecords) {
      reporter_.Error(node.pos, where + " `tracks_actions` names '" + *name + "', which is not a " +
                                    "records field of form " + form->id);
      return;
    }
    for (const auto& [sub, type] : std::vector<std::pair<const char*, std::optional<FieldType>>>{
             {"action", std::nullopt}, {"owner", std::nullopt}, {"due", FieldType::kDate}}) {
      auto found = std::find_if(field->record_fields.begin(), field->record_fields.end(),
                                [&](const FormField& f) { return f.name == sub; });
      if (found == field->record_fields.end() || (type && found->type != *type)) {
        reporter_.Error(node.pos, where + " `tracks_actions`: the records of " + form->id + "." +
                                      *name + " need a field '" + sub + "'" +
                                      (type ? std::string(" of type date") : std::string()));
      }
    }
    stage.tracks_actions = *name;
  }

  void ReadEnd(const YamlNode& node, const std::string& where, Stage& stage) {
    std::optional<std::string> end = ReadText(node, where + " `end`", reporter_);
    if (!end) return;
    if (*end == "approve") {
      stage.end = StageEnd::kApprove;
    } else if (*end == "reject") {
      stage.end = StageEnd::kReject;
    } else {
      reporter_.Error(node.pos, where + " `end` is approve or reject, not '" + *end + "'" +
                                    DidYouMean(*end, {"approve", "reject"}));
    }
  }

  void ReadQuorum(const YamlNode& node, const std::string& where, Stage& stage) {
    if (!ExpectMap(node, where + " `quorum`", reporter_)) return;
    for (const YamlNode& entry : node.children) {
      if (!CheckKeyId(entry, IdStyle::kUnderscored, where + " quorum event", reporter_)) continue;
      const std::string what = where + " quorum for '" + entry.key + "'";
      if (std::optional<int> count = ReadInteger(entry, what, 2, reporter_)) {
        stage.quorum[entry.key] = *count;
      }
    }
  }

  void CheckFormExists(const YamlNode& form, const std::string& where) {
    if (forms_ && forms_(form.text) != nullptr) return;
    reporter_.Error(form.pos,
                    where + " uses form '" + form.text + "', which is not among the loaded forms");
  }

  // A stage id that must name one of the stages; nullopt (reported) when it does not.
  std::optional<std::string> ReadStageRef(const YamlNode& node, const std::string& what) {
    std::optional<std::string> id = ReadId(node, IdStyle::kUnderscored, what, reporter_);
    if (!id || !stages_read_) return std::nullopt;
    if (Contains(stage_ids_, *id)) return id;
    reporter_.Error(node.pos,
                    what + " names unknown stage '" + *id + "'" + DidYouMean(*id, stage_ids_));
    return std::nullopt;
  }

  void ReadTransitions(const YamlNode& node) {
    if (!ExpectSequence(node, "`transitions`", reporter_)) {
      route_intact_ = false;
      return;
    }
    for (const YamlNode& item : node.children) {
      const std::string where = "transition " + std::to_string(workflow_.transitions.size() + 1);
      Transition transition;
      transition.pos = item.pos;
      if (ExpectMap(item, where, reporter_)) ReadTransition(item, where, transition);
      route_intact_ = route_intact_ && !transition.from.empty() && !transition.to.empty() &&
                      !transition.event.empty();
      workflow_.transitions.push_back(std::move(transition));
    }
  }

  void ReadTransition(const YamlNode& node, const std::string& where, Transition& transition) {
    CheckKeys(node,
              {{"from", true},
               {"on", true},
               {"to", true},
               {"by", true},
               {"requires", false},
               {"when", false}},
              where, reporter_);
    const Stage* from = nullptr;
    if (const YamlNode* value = node.Find("from")) {
      transition.from = ReadStageRef(*value, where + " `from`").value_or("");
      from = workflow_.FindStage(transition.from);
      if (from != nullptr && from->end != StageEnd::kNone) {
        reporter_.Error(value->pos, where + " leaves end stage '" + from->id +
                                        "': nothing leaves an end stage");
      }
    }
    if (const YamlNode* value = node.Find("on")) {
      transition.event =
          ReadId(*value, IdStyle::kUnderscored, where + " event", reporter_).value_or("");
    }
    if (const YamlNode* value = node.Find("to")) {
      transition.to = ReadStageRef(*value, where + " `to`").value_or("");
    }
    if (const YamlNode* value = node.Find("by")) {
      transition.by = ReadActingRoles(*value, where + " `by`", false);
    }
    if (const YamlNode* value = node.Find("requires")) {
      ReadRequires(*value, where, from, transition);
    }
    if (const YamlNode* value = node.Find("when")) {
      transition.when = ReadGuard(*value, GuardScope{workflow_.stages, forms_}, reporter_);
    }
  }

  void ReadRequires(const YamlNode& node, const std::string& where, const Stage* from,
                    Transition& transition) {
    static const std::vector<std::string> kNames = {
        RequirementName(Requirement::kFormComplete), RequirementName(Requirement::kComment),
        RequirementName(Requirement::kFeedbackAnswered)};
    static const Requirement kRequirements[] = {Requirement::kFormComplete, Requirement::kComment,
                                                Requirement::kFeedbackAnswered};
    for (const YamlNode* item : ReadScalarList(node, where + " `requires`", true, reporter_)) {
      const auto found = std::find(kNames.begin(), kNames.end(), item->text);
      if (found == kNames.end()) {
        reporter_.Error(item->pos, "unknown requirement '" + item->text + "' in " + where +
                                       DidYouMean(item->text, kNames) + "; the requirements are " +
                                       JoinNames(kNames));
        continue;
      }
      const Requirement requirement = kRequirements[found - kNames.begin()];
      if (std::find(transition.requires.begin(), transition.requires.end(), requirement) !=
          transition.requires.end()) {
        reporter_.Error(item->pos, where + " lists '" + item->text + "' twice in `requires`");
        continue;
      }
      if (requirement == Requirement::kFormComplete && from != nullptr && from->form.empty() &&
          from->end == StageEnd::kNone) {
        reporter_.Error(item->pos, where + " requires form_complete, but its from-stage '" +
                                       from->id + "' has no form");
      }
      transition.requires.push_back(requirement);
    }
  }

  void ReadLifecycle(const YamlNode& node) {
    if (!ExpectMap(node, "`lifecycle`", reporter_)) return;
    const std::vector<std::string>& events = LifecycleEventNames();
    for (const YamlNode& entry : node.children) {
      if (!Contains(events, entry.key)) {
        reporter_.Error(entry.key_pos, "unknown lifecycle event '" + entry.key + "'" +
                                           DidYouMean(entry.key, events) + "; the events are " +
                                           JoinNames(events));
        continue;
      }
      workflow_.lifecycle[entry.key] =
          ReadActingRoles(entry, "lifecycle `" + entry.key + "`", true);
    }
  }

  void ReadReportBack(const YamlNode& node) {
    if (!ExpectMap(node, "`report_back`", reporter_)) return;
    CheckKeys(node, {{"after", true}, {"form", false}, {"owner", false}, {"reviewers", true}},
              "`report_back`", reporter_);
    ReportBack report;
    report.pos = node.key_pos;
    if (const YamlNode* after = node.Find("after")) {
      report.after_school_days =
          ReadSchoolDays(*after, "report_back `after`", reporter_).value_or(0);
    }
    if (const YamlNode* form = node.Find("form")) {
      if (std::optional<std::string> id =
              ReadId(*form, IdStyle::kDashed, "report_back `form`", reporter_)) {
        report.form = *id;
        CheckFormExists(*form, "`report_back`");
      }
    }
    if (const YamlNode* owner = node.Find("owner")) {
      if (ReadText(*owner, "report_back `owner`", reporter_)) {
        report.owner = ReadActingRole(*owner, "report_back `owner`").value_or(kSubmitter);
      }
    }
    if (const YamlNode* reviewers = node.Find("reviewers")) {
      report.reviewers = ReadActingRoles(*reviewers, "report_back `reviewers`", false);
    }
    workflow_.report_back = std::move(report);
  }

  void ReadApprovals(const YamlNode& node) {
    if (!ExpectMap(node, "`approvals`", reporter_)) return;
    CheckKeys(node, {{"events", true}, {"return_to", true}}, "`approvals`", reporter_);
    ApprovalBinding binding;
    binding.pos = node.key_pos;
    if (const YamlNode* events = node.Find("events")) {
      std::vector<std::string> known;
      for (const Transition& transition : workflow_.transitions) {
        if (!Contains(known, transition.event)) known.push_back(transition.event);
      }
      for (const YamlNode* event :
           ReadScalarOrList(*events, "approvals `events`", false, reporter_)) {
        if (Contains(known, event->text)) {
          binding.events.push_back(event->text);
        } else {
          reporter_.Error(event->pos, "approvals `events` names '" + event->text +
                                          "', which no transition fires" +
                                          DidYouMean(event->text, known));
        }
      }
    }
    if (const YamlNode* stage = node.Find("return_to")) {
      binding.return_to = ReadStageRef(*stage, "approvals `return_to`").value_or("");
      const Stage* target = workflow_.FindStage(binding.return_to);
      if (target != nullptr && target->end != StageEnd::kNone) {
        reporter_.Error(stage->pos, "approvals `return_to` names end stage '" + target->id +
                                        "': an initiative returns to a stage where work happens");
      }
    }
    workflow_.approvals = std::move(binding);
  }

  const FormLookup& forms_;
  Reporter& reporter_;
  WorkflowDefinition workflow_;
  std::vector<std::string> stage_ids_;
  bool roles_listed_ = false;  // `roles` was read, so a role missing from it can be named
  bool stages_read_ = false;
  bool route_intact_ = false;  // every stage reference resolved: the route can be checked
};

}  // namespace

std::optional<WorkflowDefinition> ParseWorkflow(const DefinitionSource& source,
                                                const FormLookup& forms,
                                                std::vector<Diagnostic>& errors) {
  Reporter reporter(source.name, errors);
  std::optional<YamlNode> root = ReadYamlTree(source, reporter);
  if (!root) return std::nullopt;
  std::optional<WorkflowDefinition> workflow = WorkflowReader(forms, reporter).Read(*root);
  if (!workflow || reporter.count() > 0) return std::nullopt;
  workflow->source_name = source.name;
  workflow->sha256 = Sha256Hex(source.text);
  return workflow;
}

}  // namespace equilens
