// Data is code: every shipped workflow and form loads and validates with no diagnostics, and
// the shipped set keeps the properties the district relies on (11 assessment sections, a
// mitigation stage entered only through a guard, an approving end everywhere, a quorum).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "equilens/definition.h"

namespace equilens {
namespace {

namespace fs = std::filesystem;

const std::string kFormsDir = std::string(EQUILENS_SOURCE_DIR) + "/templates/forms";
const std::string kWorkflowsDir = std::string(EQUILENS_SOURCE_DIR) + "/workflows";

std::vector<fs::path> YamlFiles(const std::string& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Every diagnostic on its own line, so a failure names each file:line:col to fix.
std::string Listed(const std::vector<Diagnostic>& errors) {
  std::string all;
  for (const Diagnostic& error : errors) all += "\n  " + error.ToString();
  return all;
}

// Loads the shipped set once per test and fails with every diagnostic shown.
DefinitionSet LoadShipped() {
  std::vector<Diagnostic> errors;
  DefinitionSet set = LoadDefinitionDirs(kFormsDir, kWorkflowsDir, errors);
  CHECK_MESSAGE(errors.empty(), Listed(errors));
  return set;
}

std::vector<std::string> ChoicesOf(const FormDefinition& form, const std::string& field) {
  const FormField* found = form.FindField(field);
  return found == nullptr ? std::vector<std::string>{} : found->choices;
}

}  // namespace

TEST_CASE("shipped: every shipped form and workflow loads with zero diagnostics") {
  const std::vector<fs::path> form_files = YamlFiles(kFormsDir);
  const std::vector<fs::path> workflow_files = YamlFiles(kWorkflowsDir);
  REQUIRE(form_files.size() >= 8);
  REQUIRE(workflow_files.size() >= 3);

  const DefinitionSet set = LoadShipped();
  // Nothing silently dropped: every file became exactly one definition.
  CHECK(set.forms.size() == form_files.size());
  CHECK(set.workflows.size() == workflow_files.size());

  // A file is named after the id inside it, so `equilens workflow lint templates/forms/x.yaml`
  // and a workflow's `form: x` point at the same thing.
  for (const auto& form : set.forms) {
    INFO(form->source_name);
    CHECK(fs::path(form->source_name).stem() == form->id);
  }
  for (const auto& workflow : set.workflows) {
    INFO(workflow->source_name);
    CHECK(fs::path(workflow->source_name).stem() == workflow->id);
  }
}

TEST_CASE("shipped: each shipped file validates on its own, as `workflow lint` reads it") {
  std::vector<Diagnostic> form_errors;
  DefinitionSet forms;
  for (const fs::path& path : YamlFiles(kFormsDir)) {
    Result<DefinitionSource> source = ReadDefinitionFile(path.string());
    REQUIRE(source.ok());
    CHECK(SniffDefinitionKind(*source) == DefinitionKind::kForm);
    if (auto form = ParseForm(*source, form_errors)) {
      forms.forms.push_back(std::make_shared<const FormDefinition>(std::move(*form)));
    }
  }
  CHECK_MESSAGE(form_errors.empty(), Listed(form_errors));

  for (const fs::path& path : YamlFiles(kWorkflowsDir)) {
    Result<DefinitionSource> source = ReadDefinitionFile(path.string());
    REQUIRE(source.ok());
    CHECK(SniffDefinitionKind(*source) == DefinitionKind::kWorkflow);
    std::vector<Diagnostic> errors;
    CHECK(ParseWorkflow(*source, forms.Lookup(), errors).has_value());
    CHECK_MESSAGE(errors.empty(), (path.string() + Listed(errors)));
  }
}

TEST_CASE(
    "shipped: the equity impact assessment has the 11 sections and the field workflows route on") {
  const DefinitionSet set = LoadShipped();
  const FormDefinition* assessment = set.FindForm("equity-impact-assessment");
  REQUIRE(assessment != nullptr);
  CHECK(assessment->sections.size() == 11);

  const FormField* risk = assessment->FindField("risk_level");
  REQUIRE(risk != nullptr);
  CHECK(risk->type == FieldType::kChoice);
  CHECK(risk->required);
  CHECK(risk->choices == std::vector<std::string>{"low", "medium", "high"});

  const FormField* decision = assessment->FindField("decision_type");
  REQUIRE(decision != nullptr);
  CHECK(decision->choices == std::vector<std::string>{"policy", "program", "practice", "budget"});

  // The department's recommendation and the lead's decision use one vocabulary.
  const FormDefinition* signoff = set.FindForm("sign-off");
  REQUIRE(signoff != nullptr);
  const std::vector<std::string> outcomes = {"no_change", "adjust", "continue_with_justification",
                                             "stop"};
  CHECK(ChoicesOf(*assessment, "decision_outcome") == outcomes);
  CHECK(ChoicesOf(*signoff, "outcome") == outcomes);
  const FormField* rationale = signoff->FindField("rationale");
  REQUIRE(rationale != nullptr);
  CHECK(rationale->type == FieldType::kLongText);
  CHECK(rationale->required);
}

TEST_CASE(
    "shipped: equity-impact-review enters mitigation only through its guard, then falls back") {
  const DefinitionSet set = LoadShipped();
  const WorkflowDefinition* review = set.FindWorkflow("equity-impact-review");
  REQUIRE(review != nullptr);
  REQUIRE(review->FindStage("mitigation") != nullptr);
  CHECK(review->FindStage("mitigation")->form == "mitigation-plan");

  int into_mitigation = 0;
  for (const Transition& transition : review->transitions) {
    if (transition.to != "mitigation") continue;
    ++into_mitigation;
    INFO(transition.from << " --" << transition.event << "--> mitigation");
    CHECK(transition.when.has_value());
  }
  CHECK(into_mitigation >= 1);

  // First match wins: the guarded accept comes before an unconditional accept to sign-off.
  const std::vector<const Transition*> accepts = review->TransitionsFrom("feedback", "accept");
  REQUIRE(accepts.size() == 2);
  CHECK(accepts[0]->to == "mitigation");
  REQUIRE(accepts[0]->when.has_value());
  CHECK(accepts[0]->when->op == GuardOp::kAny);
  CHECK(accepts[0]->when->children.size() == 3);
  CHECK(accepts[1]->to == "signoff");
  CHECK_FALSE(accepts[1]->when.has_value());

  const Stage* signoff = review->FindStage("signoff");
  REQUIRE(signoff != nullptr);
  CHECK(signoff->owner == "cesj_lead");
  CHECK(signoff->distinct_from == std::vector<std::string>{kSubmitter, "feedback"});
  REQUIRE(review->report_back.has_value());
  CHECK(review->report_back->after_school_days == 120);
}

TEST_CASE("shipped: every shipped workflow can approve, and the set exercises a quorum") {
  const DefinitionSet set = LoadShipped();
  REQUIRE_FALSE(set.workflows.empty());
  bool any_quorum = false;
  for (const auto& workflow : set.workflows) {
    INFO(workflow->id);
    bool approves = false;
    for (const Stage& stage : workflow->stages) {
      approves = approves || stage.end == StageEnd::kApprove;
      any_quorum = any_quorum || !stage.quorum.empty();
      // Every working stage has a deadline the inbox can show.
      if (stage.end == StageEnd::kNone) CHECK_MESSAGE(stage.sla_school_days > 0, stage.id);
    }
    CHECK(approves);
    for (const std::string& event : LifecycleEventNames()) {
      CHECK_MESSAGE(workflow->lifecycle.count(event) == 1, event);
    }
  }
  CHECK(any_quorum);
  REQUIRE(set.FindWorkflow("expedited-review") != nullptr);
  CHECK(set.FindWorkflow("expedited-review")->FindStage("mitigation") == nullptr);
}

TEST_CASE("shipped: every shipped form is used by a shipped workflow") {
  const DefinitionSet set = LoadShipped();
  std::set<std::string> used;
  for (const auto& workflow : set.workflows) {
    for (const Stage& stage : workflow->stages) {
      if (!stage.form.empty()) used.insert(stage.form);
    }
    if (workflow->report_back && !workflow->report_back->form.empty()) {
      used.insert(workflow->report_back->form);
    }
  }
  for (const auto& form : set.forms) CHECK_MESSAGE(used.count(form->id) == 1, form->id);
}

}  // namespace equilens
