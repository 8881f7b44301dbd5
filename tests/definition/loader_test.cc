// The definition loader on valid input: every key of docs/workflow-format.md read from the
// fixtures under tests/data/definitions/valid into the model, plus sets, lookups, sniffing,
// file reading and the text of guards and diagnostics.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "definition_test_support.h"
#include "equilens/definition.h"
#include "equilens/sha256.h"

namespace equilens {
namespace {

using definition_test::DataDir;
using definition_test::ReadFileText;

struct Loaded {
  std::vector<Diagnostic> errors;
  DefinitionSet set;
};

Loaded LoadFixtures() {
  Loaded loaded;
  loaded.set =
      LoadDefinitionDirs(DataDir() + "/valid/forms", DataDir() + "/valid/workflows", loaded.errors);
  return loaded;
}

std::string ErrorsText(const std::vector<Diagnostic>& errors) {
  std::string text;
  for (const Diagnostic& error : errors) text += error.ToString() + "\n";
  return text;
}

TEST_CASE("definition: the fixture forms load with every key in the model") {
  const Loaded loaded = LoadFixtures();
  REQUIRE_MESSAGE(loaded.errors.empty(), ErrorsText(loaded.errors));
  REQUIRE(loaded.set.forms.size() == 3);
  const FormDefinition* form = loaded.set.FindForm("fixture-assessment");
  REQUIRE(form != nullptr);
  CHECK(form->version == 2);
  CHECK(form->title == "Fixture assessment");
  CHECK(form->description == "Every field type, for the loader's round-trip test.");
  const std::string path = DataDir() + "/valid/forms/fixture-assessment.yaml";
  CHECK(form->source_name == path);
  CHECK(form->sha256 == Sha256Hex(ReadFileText(path)));
  REQUIRE(form->sections.size() == 2);

  const FormSection& summary = form->sections[0];
  CHECK(summary.id == "summary");
  CHECK(summary.title == "Summary");
  CHECK(summary.help == "What the initiative is.");
  CHECK(summary.pos.line == 7);
  CHECK(summary.pos.column == 5);
  REQUIRE(summary.fields.size() == 4);
  const FormField& purpose = summary.fields[0];
  CHECK(purpose.name == "purpose");
  CHECK(purpose.type == FieldType::kText);
  CHECK(purpose.label == "Purpose");
  CHECK(purpose.help == "One line.");
  CHECK(purpose.required);
  CHECK(purpose.pos.line == 11);
  CHECK(purpose.pos.column == 9);
  CHECK(summary.fields[1].type == FieldType::kLongText);
  CHECK_FALSE(summary.fields[1].required);
  CHECK(summary.fields[1].pos.line == 16);
  CHECK(summary.fields[1].pos.column == 9);
  CHECK(summary.fields[2].type == FieldType::kChoice);
  CHECK(summary.fields[2].choices == std::vector<std::string>{"low", "medium", "high"});
  CHECK(summary.fields[3].type == FieldType::kMultiChoice);
  CHECK(summary.fields[3].choices == std::vector<std::string>{"black", "hispanic", "white"});

  const FormSection& numbers = form->sections[1];
  REQUIRE(numbers.fields.size() == 4);
  const FormField& students = numbers.fields[0];
  CHECK(students.type == FieldType::kNumber);
  REQUIRE(students.min.has_value());
  REQUIRE(students.max.has_value());
  CHECK(*students.min == 0);
  CHECK(*students.max == 100000.5);
  CHECK(numbers.fields[1].type == FieldType::kDate);
  CHECK(numbers.fields[2].type == FieldType::kBoolean);
  CHECK_FALSE(numbers.fields[2].required);
  const FormField& actions = numbers.fields[3];
  CHECK(actions.type == FieldType::kRecords);
  CHECK(actions.min_records == 2);
  REQUIRE(actions.record_fields.size() == 3);
  CHECK(actions.record_fields[0].name == "action");
  CHECK(actions.record_fields[0].required);
  CHECK(actions.record_fields[2].choices == std::vector<std::string>{"now", "later"});

  CHECK(form->FindField("actions") == &actions);
  CHECK(form->FindField("action") == nullptr);  // a record's field is not top-level
  CHECK(form->FindField("nope") == nullptr);

  // min_records defaults to 1 when a records field is required.
  const FormDefinition* plan = loaded.set.FindForm("fixture-plan");
  REQUIRE(plan != nullptr);
  CHECK(plan->sections[0].fields[0].min_records == 1);
}

TEST_CASE("definition: the fixture workflow loads with every key in the model") {
  const Loaded loaded = LoadFixtures();
  REQUIRE_MESSAGE(loaded.errors.empty(), ErrorsText(loaded.errors));
  REQUIRE(loaded.set.workflows.size() == 1);
  const WorkflowDefinition* workflow = loaded.set.FindWorkflow("fixture-review");
  REQUIRE(workflow != nullptr);
  const std::string path = DataDir() + "/valid/workflows/fixture-review.yaml";
  CHECK(workflow->source_name == path);
  CHECK(workflow->sha256 == Sha256Hex(ReadFileText(path)));
  CHECK(workflow->id == "fixture-review");
  CHECK(workflow->version == 3);
  CHECK(workflow->title == "Fixture review");
  CHECK(workflow->description == "Every key of the format, for the loader's round-trip test.\n");
  CHECK(workflow->roles ==
        std::vector<std::string>{"department_head", "cesj_reviewer", "cesj_lead"});
  CHECK(workflow->start == "intake");

  using Roles = std::vector<std::string>;
  const std::map<std::string, Roles> lifecycle = {{"submit", {"submitter"}},
                                                  {"hold", {"cesj_lead"}},
                                                  {"resume", {"cesj_lead"}},
                                                  {"withdraw", {"submitter", "department_head"}},
                                                  {"reject", {"cesj_lead"}},
                                                  {"return", {"cesj_reviewer", "cesj_lead"}},
                                                  {"close", {}}};
  CHECK(workflow->lifecycle == lifecycle);

  REQUIRE(workflow->stages.size() == 7);
  const Stage& intake = workflow->stages[0];
  CHECK(intake.id == "intake");
  CHECK(intake.title == "Intake");
  CHECK(intake.description == "First look.");
  CHECK(intake.owner == "cesj_reviewer");
  CHECK(intake.sla_school_days == 1);
  CHECK(intake.form.empty());
  CHECK(intake.end == StageEnd::kNone);
  CHECK(intake.pos.line == 21);
  CHECK(intake.pos.column == 3);
  const Stage& assessment = workflow->stages[1];
  CHECK(assessment.title == "assessment");  // defaults to the id
  CHECK(assessment.owner == "submitter");
  CHECK(assessment.form == "fixture-assessment");
  CHECK(assessment.sla_school_days == 10);
  const Stage& feedback = workflow->stages[2];
  CHECK(feedback.quorum == std::map<std::string, int>{{"accept", 2}, {"request_changes", 3}});
  CHECK(feedback.sla_school_days == 0);
  CHECK(workflow->stages[3].distinct_from == Roles{"submitter"});
  CHECK(workflow->stages[4].distinct_from == Roles{"submitter", "feedback"});
  const Stage& approved = workflow->stages[5];
  CHECK(approved.id == "approved");
  CHECK(approved.end == StageEnd::kApprove);
  CHECK(approved.title == "Approved");
  CHECK(approved.owner.empty());
  CHECK(workflow->stages[6].end == StageEnd::kReject);
  CHECK(workflow->FindStage("signoff") == &workflow->stages[4]);
  CHECK(workflow->FindStage("nowhere") == nullptr);

  REQUIRE(workflow->transitions.size() == 8);
  const Transition& first = workflow->transitions[0];
  CHECK(first.from == "intake");
  CHECK(first.event == "accept");
  CHECK(first.to == "assessment");
  CHECK(first.by == Roles{"cesj_reviewer"});
  CHECK(first.requires.empty());
  CHECK_FALSE(first.when.has_value());
  CHECK(first.pos.line == 46);
  CHECK(first.pos.column == 5);
  CHECK(workflow->transitions[1].requires == std::vector<Requirement>{Requirement::kFormComplete});
  CHECK(workflow->transitions[2].requires == std::vector<Requirement>{Requirement::kComment});
  const Transition& guarded = workflow->transitions[3];
  CHECK(guarded.by == Roles{"cesj_reviewer", "cesj_lead"});
  CHECK(guarded.pos.line == 49);
  CHECK(guarded.pos.column == 5);
  CHECK(workflow->transitions[5].requires ==
        std::vector<Requirement>{Requirement::kFormComplete, Requirement::kFeedbackAnswered});

  const std::vector<const Transition*> accepts = workflow->TransitionsFrom("feedback", "accept");
  REQUIRE(accepts.size() == 2);
  CHECK(accepts[0] == &workflow->transitions[3]);
  CHECK(accepts[1] == &workflow->transitions[4]);
  CHECK(workflow->TransitionsFrom("feedback", "approve").empty());

  REQUIRE(workflow->report_back.has_value());
  CHECK(workflow->report_back->after_school_days == 120);
  CHECK(workflow->report_back->form == "fixture-report");
  CHECK(workflow->report_back->owner == "department_head");
  CHECK(workflow->report_back->reviewers == Roles{"cesj_reviewer", "cesj_lead"});
}

TEST_CASE("definition: guards are read whole and typed by what they compare") {
  const Loaded loaded = LoadFixtures();
  REQUIRE_MESSAGE(loaded.errors.empty(), ErrorsText(loaded.errors));
  const Transition& guarded = loaded.set.workflows[0]->transitions[3];
  REQUIRE(guarded.when.has_value());
  const Guard& any = *guarded.when;
  CHECK(any.op == GuardOp::kAny);
  CHECK(any.pos.line == 54);
  CHECK(any.pos.column == 7);
  REQUIRE(any.children.size() == 6);

  const Guard& risk = any.children[0];
  CHECK(risk.op == GuardOp::kIn);
  CHECK(risk.subject == Guard::Subject::kField);
  CHECK(risk.stage == "assessment");
  CHECK(risk.name == "risk_level");
  REQUIRE(risk.values.size() == 2);
  CHECK(risk.values[0].kind == GuardValue::Kind::kString);
  CHECK(risk.values[1].text == "high");
  CHECK(risk.pos.line == 55);
  CHECK(risk.pos.column == 11);

  const Guard& ratio = any.children[1];
  CHECK(ratio.op == GuardOp::kGte);
  CHECK(ratio.subject == Guard::Subject::kMetric);
  CHECK(ratio.name == "max_risk_ratio");
  REQUIRE(ratio.values.size() == 1);
  CHECK(ratio.values[0].kind == GuardValue::Kind::kNumber);
  CHECK(ratio.values[0].number == 2.0);

  const Guard& all = any.children[2];
  CHECK(all.op == GuardOp::kAll);
  REQUIRE(all.children.size() == 3);
  CHECK(all.children[0].op == GuardOp::kGt);
  CHECK(all.children[1].op == GuardOp::kLte);
  const Guard& negated = all.children[2];
  CHECK(negated.op == GuardOp::kNot);
  REQUIRE(negated.children.size() == 1);
  CHECK(negated.children[0].op == GuardOp::kEquals);
  REQUIRE(negated.children[0].values.size() == 1);
  CHECK(negated.children[0].values[0].kind == GuardValue::Kind::kBool);
  CHECK(negated.children[0].values[0].boolean);

  const Guard& present = any.children[3];
  CHECK(present.op == GuardOp::kIsPresent);
  REQUIRE(present.values.size() == 1);
  CHECK_FALSE(present.values[0].boolean);
  CHECK(any.children[4].op == GuardOp::kLt);
  CHECK(any.children[5].values[0].text == "new, bell schedule");

  CHECK(DescribeGuard(any) ==
        "any(assessment.risk_level in [medium, high], max_risk_ratio >= 2, "
        "all(assessment.students > 100, assessment.students <= 5000, "
        "not(assessment.has_data == true)), assessment.actions is absent, flagged_groups < 1, "
        "assessment.purpose == 'new, bell schedule')");
}

TEST_CASE("definition: DescribeGuard reads as the format's own example") {
  Guard risk;
  risk.op = GuardOp::kIn;
  risk.subject = Guard::Subject::kField;
  risk.stage = "assessment";
  risk.name = "risk_level";
  risk.values = {{GuardValue::Kind::kString, "medium", 0, false},
                 {GuardValue::Kind::kString, "high", 0, false}};
  Guard ratio;
  ratio.op = GuardOp::kGte;
  ratio.subject = Guard::Subject::kMetric;
  ratio.name = "max_risk_ratio";
  ratio.values = {{GuardValue::Kind::kNumber, "", 2.0, false}};
  Guard any;
  any.op = GuardOp::kAny;
  any.children = {risk, ratio};
  CHECK(DescribeGuard(any) == "any(assessment.risk_level in [medium, high], max_risk_ratio >= 2)");
  ratio.values[0].number = 1.25;
  CHECK(DescribeGuard(ratio) == "max_risk_ratio >= 1.25");
  Guard present = ratio;
  present.op = GuardOp::kIsPresent;
  present.values = {{GuardValue::Kind::kBool, "", 0, true}};
  CHECK(DescribeGuard(present) == "max_risk_ratio is present");
}

TEST_CASE("definition: a set finds the highest version and looks forms up by id") {
  std::vector<Diagnostic> errors;
  const std::string text = ReadFileText(DataDir() + "/valid/forms/fixture-report.yaml");
  DefinitionSet set;
  for (const char* version : {"version: 1", "version: 7", "version: 3"}) {
    std::string changed = text;
    changed.replace(changed.find("version: 1"), 10, version);
    std::optional<FormDefinition> form = ParseForm({"report.yaml", changed}, errors);
    REQUIRE(form.has_value());
    set.forms.push_back(std::make_shared<const FormDefinition>(std::move(*form)));
  }
  REQUIRE(errors.empty());
  REQUIRE(set.FindForm("fixture-report") != nullptr);
  CHECK(set.FindForm("fixture-report")->version == 7);
  CHECK(set.FindForm("missing") == nullptr);
  const FormLookup lookup = set.Lookup();
  CHECK(lookup("fixture-report") == set.FindForm("fixture-report"));
  CHECK(lookup("missing") == nullptr);
  CHECK(set.FindWorkflow("fixture-review") == nullptr);
}

TEST_CASE("definition: the same id and version twice in a folder is reported") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "equilens_definition_twice";
  fs::remove_all(dir);
  fs::create_directories(dir / "forms");
  fs::create_directories(dir / "workflows");
  const std::string form = ReadFileText(DataDir() + "/valid/forms/fixture-report.yaml");
  std::ofstream(dir / "forms" / "a.yaml") << form;
  std::ofstream(dir / "forms" / "b.yaml") << form;
  std::vector<Diagnostic> errors;
  const DefinitionSet set =
      LoadDefinitionDirs((dir / "forms").string(), (dir / "workflows").string(), errors);
  CHECK(set.forms.size() == 1);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].file == (dir / "forms" / "b.yaml").string());
  CHECK(errors[0].message.find("also defined in " + (dir / "forms" / "a.yaml").string()) !=
        std::string::npos);

  errors.clear();
  LoadDefinitionDirs((dir / "nope").string(), (dir / "workflows").string(), errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].ToString() ==
        (dir / "nope").string() + ": no such folder (expected definition *.yaml files here)");
  fs::remove_all(dir);
}

TEST_CASE("definition: SniffDefinitionKind goes by the first top-level key") {
  CHECK(SniffDefinitionKind({"a", "workflow: x\nversion: 1\n"}) == DefinitionKind::kWorkflow);
  CHECK(SniffDefinitionKind({"a", "# a form\nform: x\n"}) == DefinitionKind::kForm);
  CHECK(SniffDefinitionKind({"a", "title: x\nform: y\n"}) == DefinitionKind::kUnknown);
  CHECK(SniffDefinitionKind({"a", "[form]\n"}) == DefinitionKind::kUnknown);
  CHECK(SniffDefinitionKind({"a", "[ form: x ]\n"}) == DefinitionKind::kUnknown);
  CHECK(SniffDefinitionKind({"a", "\"form\": x\n"}) == DefinitionKind::kForm);
  CHECK(SniffDefinitionKind({"a", "workflow\n"}) == DefinitionKind::kUnknown);
  // It reads no further than the first key: what is wrong later is the parser's to report.
  CHECK(SniffDefinitionKind({"a", "form: x\nversion: [\n"}) == DefinitionKind::kForm);
  CHECK(SniffDefinitionKind({"a", "{ form: x }\n"}) == DefinitionKind::kForm);
  CHECK(SniffDefinitionKind({"a", "form\tx: [\n"}) == DefinitionKind::kUnknown);
  CHECK(SniffDefinitionKind({"a", "\tform: x\n"}) == DefinitionKind::kUnknown);  // refused
  CHECK(SniffDefinitionKind({"a", ""}) == DefinitionKind::kUnknown);
  CHECK(SniffDefinitionKind({"a", "&x form: y\n"}) == DefinitionKind::kUnknown);
}

TEST_CASE("definition: ReadDefinitionFile reads, and refuses missing and over-size files") {
  namespace fs = std::filesystem;
  const std::string path = DataDir() + "/valid/forms/fixture-plan.yaml";
  Result<DefinitionSource> source = ReadDefinitionFile(path);
  REQUIRE(source.ok());
  CHECK(source->name == path);
  CHECK(source->text == ReadFileText(path));

  Result<DefinitionSource> missing = ReadDefinitionFile(DataDir() + "/no-such-file.yaml");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().category() == ErrorCategory::kNotFound);
  Result<DefinitionSource> folder = ReadDefinitionFile(DataDir());
  REQUIRE_FALSE(folder.ok());
  CHECK(folder.status().category() == ErrorCategory::kNotFound);

  const fs::path big = fs::temp_directory_path() / "equilens_definition_just_over.yaml";
  std::ofstream(big, std::ios::binary) << std::string(kMaxDefinitionBytes + 1, '#');
  Result<DefinitionSource> over = ReadDefinitionFile(big.string());
  REQUIRE_FALSE(over.ok());
  CHECK(over.status().category() == ErrorCategory::kInvalidInput);
  CHECK(over.status().message().find("1 MiB") != std::string::npos);
  std::ofstream(big, std::ios::binary | std::ios::trunc) << std::string(kMaxDefinitionBytes, '#');
  CHECK(ReadDefinitionFile(big.string()).ok());  // exactly the limit is allowed
  fs::remove(big);
}

TEST_CASE("definition: Diagnostic::ToString is FILE:LINE:COL: message") {
  CHECK(Diagnostic{"w.yaml", {12, 5}, "unknown key"}.ToString() == "w.yaml:12:5: unknown key");
  CHECK(Diagnostic{"w.yaml", {}, "cannot open"}.ToString() == "w.yaml: cannot open");
}

}  // namespace
}  // namespace equilens
