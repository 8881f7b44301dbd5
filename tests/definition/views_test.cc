// Views of a workflow (Mermaid, DOT, text, JSON) on a definition built by hand, so these tests
// pin the views alone and not the loader; escaping is checked with hostile titles.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "equilens/workflow_views.h"

namespace equilens {
namespace {

using nlohmann::json;

GuardValue Text(const std::string& text) {
  GuardValue value;
  value.text = text;
  return value;
}

GuardValue Number(double number) {
  GuardValue value;
  value.kind = GuardValue::Kind::kNumber;
  value.number = number;
  return value;
}

// any(assessment.risk_level in [medium, high], max_risk_ratio >= 2)
Guard RiskGuard() {
  Guard field;
  field.op = GuardOp::kIn;
  field.subject = Guard::Subject::kField;
  field.stage = "assessment";
  field.name = "risk_level";
  field.values = {Text("medium"), Text("high")};
  Guard metric;
  metric.op = GuardOp::kGte;
  metric.subject = Guard::Subject::kMetric;
  metric.name = "max_risk_ratio";
  metric.values = {Number(2.0)};
  Guard any;
  any.op = GuardOp::kAny;
  any.children = {field, metric};
  return any;
}

Stage MakeStage(const std::string& id, const std::string& owner, const std::string& form = "",
                int sla = 0) {
  Stage stage;
  stage.id = id;
  stage.owner = owner;
  stage.form = form;
  stage.sla_school_days = sla;
  return stage;
}

Stage EndStage(const std::string& id, StageEnd end) {
  Stage stage;
  stage.id = id;
  stage.end = end;
  return stage;
}

Transition Move(const std::string& from, const std::string& event, const std::string& to,
                std::vector<std::string> by, std::vector<Requirement> needs = {}) {
  Transition transition;
  transition.from = from;
  transition.event = event;
  transition.to = to;
  transition.by = std::move(by);
  transition.requires = std::move(needs);
  return transition;
}

// A small review with every feature the views draw: SLA, form, quorum, segregation, a guarded
// transition with its fallback, requirements, both kinds of end, lifecycle and report-back.
WorkflowDefinition Demo() {
  WorkflowDefinition workflow;
  workflow.id = "demo-review";
  workflow.version = 3;
  workflow.title = "Demo Review";
  workflow.description = "A review for tests.";
  workflow.roles = {"department_head", "cesj_reviewer", "cesj_lead"};
  workflow.start = "assessment";
  workflow.sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  workflow.source_name = "workflows/demo-review.yaml";

  Stage assessment = MakeStage("assessment", kSubmitter, "equity-impact-assessment", 10);
  assessment.title = "Equity impact assessment";
  Stage feedback = MakeStage("feedback", "cesj_reviewer", "", 5);
  feedback.quorum = {{"accept", 2}};
  Stage mitigation = MakeStage("mitigation", kSubmitter, "mitigation-plan");
  Stage signoff = MakeStage("signoff", "cesj_lead", "sign-off", 1);
  signoff.distinct_from = {kSubmitter, "feedback"};
  workflow.stages = {assessment,
                     feedback,
                     mitigation,
                     signoff,
                     EndStage("approved", StageEnd::kApprove),
                     EndStage("declined", StageEnd::kReject)};

  Transition guarded = Move("feedback", "accept", "mitigation", {"cesj_reviewer"});
  guarded.when = RiskGuard();
  workflow.transitions = {
      Move("assessment", "submit", "feedback", {kSubmitter}, {Requirement::kFormComplete}),
      Move("feedback", "request_changes", "assessment", {"cesj_reviewer"}, {Requirement::kComment}),
      guarded,
      Move("feedback", "accept", "signoff", {"cesj_reviewer", "cesj_lead"}),
      Move("mitigation", "submit", "signoff", {kSubmitter},
           {Requirement::kFormComplete, Requirement::kFeedbackAnswered}),
      Move("signoff", "approve", "approved", {"cesj_lead"}, {Requirement::kFormComplete}),
      Move("signoff", "decline", "declined", {"cesj_lead"}, {Requirement::kComment}),
  };
  workflow.lifecycle = {{"submit", {kSubmitter}},
                        {"withdraw", {kSubmitter}},
                        {"return", {"cesj_reviewer", "cesj_lead"}}};
  ReportBack report;
  report.after_school_days = 120;
  report.form = "report-back";
  report.reviewers = {"cesj_reviewer"};
  workflow.report_back = report;
  return workflow;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Every run of spaces and newlines as one space, to compare wrapped text by its words.
std::string Squeezed(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n';
    if (!space) {
      out += c;
    } else if (out.empty() || out.back() != ' ') {
      out += ' ';
    }
  }
  return out;
}

// Quotes not preceded by a backslash; an odd count on a line means a label leaked out.
int UnescapedQuotes(const std::string& line) {
  int count = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"' && (i == 0 || line[i - 1] != '\\')) ++count;
  }
  return count;
}

// As the Mermaid renderer must encode what DescribeGuard writes (">=", quotes).
std::string MermaidEncoded(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '>') {
      out += "#gt;";
    } else if (c == '<') {
      out += "#lt;";
    } else if (c == '"') {
      out += "#quot;";
    } else {
      out += c;
    }
  }
  return out;
}

// The hostile text every renderer must contain: quotes, brackets, a pipe, entity lookalikes,
// a backslash and a newline.
const char kHostile[] = "Sign \"off\" [lead] | a<b #quot; \\n\nnext";

}  // namespace

TEST_CASE("views: mermaid: start marker, stages, labelled edges, styled ends, notes") {
  const WorkflowDefinition workflow = Demo();
  const std::string out = RenderMermaid(workflow);

  CHECK(Contains(out, "flowchart TD\n"));
  CHECK(Contains(out, "start_((\"start\")) --> s_assessment\n"));
  CHECK(Contains(out,
                 "s_assessment[\"Equity impact assessment<br>(assessment)<br>owner: "
                 "submitter<br>form: equity-impact-assessment<br>SLA: 10 school days\"]"));
  CHECK(Contains(out, "quorum: 2 people to accept"));
  CHECK(Contains(out, "distinct from: submitter, feedback"));
  CHECK(Contains(out, "SLA: 1 school day<br>distinct from: submitter, feedback\""));

  CHECK(Contains(out,
                 "s_assessment -->|\"submit [submitter]<br>requires: form_complete\"| "
                 "s_feedback\n"));
  CHECK(Contains(out, "s_feedback -->|\"accept [cesj_reviewer]<br>when: " +
                          MermaidEncoded(DescribeGuard(RiskGuard())) + "\"| s_mitigation\n"));
  // The unguarded accept after the guarded one is the fallback, and reads so.
  CHECK(Contains(out,
                 "s_feedback -->|\"accept [cesj_reviewer, cesj_lead]<br>otherwise\"| "
                 "s_signoff\n"));
  CHECK(Contains(out, "requires: form_complete, feedback_answered"));
  // A first unguarded transition is not a fallback.
  CHECK_FALSE(Contains(out, "request_changes [cesj_reviewer]<br>otherwise"));

  CHECK(Contains(out, "s_approved([\"approved<br>end: approve\"])"));
  CHECK(Contains(out, "s_declined([\"declined<br>end: reject\"])"));
  CHECK(Contains(out, "classDef approve "));
  CHECK(Contains(out, "class s_approved approve\n"));
  CHECK(Contains(out, "class s_declined reject\n"));

  CHECK(Contains(out, "lifecycle_[\"Lifecycle (who may)<br>submit: submitter<br>hold: nobody"));
  CHECK(Contains(out, "return: cesj_reviewer, cesj_lead"));
  CHECK(Contains(out, "s_approved -.->|\"after 120 school days\"| report_back_\n"));
  CHECK(Contains(out, "reviewed by: cesj_reviewer"));
  CHECK(Contains(out, "class lifecycle_,report_back_ note\n"));
}

TEST_CASE("views: mermaid: hostile titles and ids are encoded, never break a statement") {
  WorkflowDefinition workflow = Demo();
  workflow.title = "Title\nwith newline";
  workflow.stages[3].title = kHostile;
  workflow.stages[4].id = "end";  // a Mermaid keyword
  workflow.transitions[5].to = "end";
  workflow.stages[1].id = "data_review-2";
  workflow.start = "data_review-2";

  const std::string out = RenderMermaid(workflow);
  CHECK(Contains(out, "%% Title with newline (demo-review v3)\n"));
  CHECK(Contains(out, "Sign #quot;off#quot; [lead] #124; a#lt;b #35;quot; \\n<br>next<br>"));
  CHECK_FALSE(Contains(out, "\"off\""));
  CHECK(Contains(out, "s_end([\"end<br>end: approve\"])"));
  CHECK(Contains(out, "--> s_data__review_2d2\n"));  // '_' doubled, '-' as _2d
  for (const std::string& line : Lines(out)) {
    INFO(line);
    CHECK(UnescapedQuotes(line) % 2 == 0);
  }
}

TEST_CASE("views: dot: a digraph with quoted ids, labelled edges, styled ends and notes") {
  const std::string out = RenderDot(Demo());

  CHECK(out.rfind("digraph \"demo-review\" {\n", 0) == 0);
  CHECK(out.substr(out.size() - 2) == "}\n");
  CHECK(Contains(out, "\"start\" -> \"stage_assessment\";\n"));
  CHECK(Contains(out,
                 "\"stage_feedback\" [label=\"feedback\\nowner: cesj_reviewer\\nSLA: 5 "
                 "school days\\nquorum: 2 people to accept\"];"));
  CHECK(Contains(out,
                 "\"stage_feedback\" -> \"stage_mitigation\" [label=\"accept "
                 "[cesj_reviewer]\\nwhen: " +
                     DescribeGuard(RiskGuard()) + "\"];"));
  CHECK(Contains(out,
                 "\"stage_feedback\" -> \"stage_signoff\" [label=\"accept [cesj_reviewer, "
                 "cesj_lead]\\notherwise\"];"));
  CHECK(Contains(out,
                 "\"stage_approved\" [label=\"approved\\nend: approve\", "
                 "shape=doubleoctagon"));
  CHECK(Contains(out, "\"stage_declined\" [label=\"declined\\nend: reject\", shape=octagon"));
  CHECK(Contains(out,
                 "\"stage_approved\" -> \"report_back\" [style=dashed, label=\"after 120 "
                 "school days\"];"));
  CHECK(Contains(out, "\"lifecycle\" [shape=note"));
  CHECK(Contains(out, "hold: nobody\\l"));
}

TEST_CASE("views: dot: quotes, backslashes and newlines are escaped") {
  WorkflowDefinition workflow = Demo();
  workflow.id = "say \"hi\"";
  workflow.stages[3].title = kHostile;
  const std::string out = RenderDot(workflow);

  CHECK(Contains(out, "digraph \"say \\\"hi\\\"\" {"));
  // The backslash-n typed by the author stays text (\\n); the real newline becomes \n.
  CHECK(Contains(out, "Sign \\\"off\\\" [lead] | a<b #quot; \\\\n\\nnext\\n(signoff)"));
  for (const std::string& line : Lines(out)) {
    INFO(line);
    // Strip escaped backslashes first so "\\\"" is judged correctly.
    std::string stripped = line;
    for (std::size_t at; (at = stripped.find("\\\\")) != std::string::npos;) {
      stripped.replace(at, 2, "");
    }
    CHECK(UnescapedQuotes(stripped) % 2 == 0);
  }
}

TEST_CASE("views: text: stages, transitions, lifecycle and report-back for `workflow show`") {
  const std::string out = DescribeWorkflowText(Demo());

  CHECK(out.rfind("Demo Review\nworkflow demo-review v3  sha256 0123456789ab\n", 0) == 0);
  CHECK_FALSE(Contains(out, "0123456789abcdef0123"));  // only the short hash
  CHECK(Contains(out, "source: workflows/demo-review.yaml\n"));
  CHECK(Contains(out, "roles: department_head, cesj_reviewer, cesj_lead\n"));
  CHECK(Contains(out, "start: assessment\n"));
  CHECK(Contains(out,
                 "  assessment  Equity impact assessment\n      owner: submitter\n"
                 "      form: equity-impact-assessment\n      SLA: 10 school days\n"));
  CHECK(Contains(out,
                 "  mitigation\n      owner: submitter\n      form: mitigation-plan\n"
                 "      SLA: none\n"));
  CHECK(Contains(out, "      quorum: accept needs 2 different people\n"));
  // Long enough to wrap, wherever the break falls.
  CHECK(Contains(Squeezed(out),
                 "distinct from: submitter, feedback (not the person who filed, nor "
                 "anyone who acted in feedback) "));
  CHECK(Contains(out, "  approved\n      end: approve"));
  CHECK(Contains(out,
                 "  feedback --accept--> mitigation\n      by: cesj_reviewer\n"
                 "      when: " +
                     DescribeGuard(RiskGuard()) + "\n"));
  CHECK(Contains(out,
                 "  mitigation --submit--> signoff\n      by: submitter\n"
                 "      requires: form_complete, feedback_answered\n"));
  CHECK(Contains(out, "  hold: nobody\n"));
  CHECK(Contains(out, "  return: cesj_reviewer, cesj_lead\n"));
  CHECK(Contains(out,
                 "  due 120 school days after approval\n  form: report-back\n"
                 "  by: submitter\n  reviewed by: cesj_reviewer\n"));

  // Folded YAML paragraphs arrive as one long line; the summary wraps them for a terminal.
  WorkflowDefinition wordy = Demo();
  wordy.stages[0].description.clear();
  for (int i = 0; i < 40; ++i) wordy.stages[0].description += "word" + std::to_string(i) + " ";
  const std::string wordy_out = DescribeWorkflowText(wordy);
  CHECK(Contains(wordy_out, "      word0 word1 "));
  CHECK(Contains(wordy_out, " word39\n"));
  for (const std::string& line : Lines(wordy_out)) {
    if (line.rfind("      word", 0) == 0) CHECK(line.size() <= 96);
  }

  WorkflowDefinition bare = Demo();
  bare.report_back.reset();
  bare.sha256.clear();
  const std::string bare_out = DescribeWorkflowText(bare);
  CHECK(Contains(bare_out, "sha256 (none)"));
  CHECK(Contains(bare_out, "Report back\n  none\n"));
}

TEST_CASE("views: workflow json: parses back with the YAML's shape") {
  WorkflowDefinition workflow = Demo();
  workflow.title = kHostile;
  const json out = json::parse(WorkflowJson(workflow));

  CHECK(out["id"] == "demo-review");
  CHECK(out["version"] == 3);
  CHECK(out["title"] == kHostile);
  CHECK(out["sha256"] == workflow.sha256);
  CHECK(out["start"] == "assessment");
  REQUIRE(out["stages"].size() == 6);
  CHECK(out["stages"][0]["owner"] == "submitter");
  CHECK(out["stages"][0]["sla_school_days"] == 10);
  CHECK(out["stages"][1]["title"] == "feedback");  // defaults to the id
  CHECK(out["stages"][1]["quorum"]["accept"] == 2);
  CHECK(out["stages"][3]["distinct_from"] == json::array({"submitter", "feedback"}));
  CHECK(out["stages"][0]["end"].is_null());
  CHECK(out["stages"][4]["end"] == "approve");
  CHECK(out["stages"][5]["end"] == "reject");

  REQUIRE(out["transitions"].size() == 7);
  const json& guarded = out["transitions"][2];
  CHECK(guarded["on"] == "accept");
  CHECK(guarded["when"] == json::parse(R"({"any": [
      {"field": "assessment.risk_level", "in": ["medium", "high"]},
      {"metric": "max_risk_ratio", "gte": 2.0}]})"));
  CHECK(guarded["when_text"] == DescribeGuard(RiskGuard()));
  CHECK(out["transitions"][0]["when"].is_null());
  CHECK(out["transitions"][4]["requires"] == json::array({"form_complete", "feedback_answered"}));

  CHECK(out["lifecycle"]["submit"] == json::array({"submitter"}));
  CHECK(out["lifecycle"]["hold"] == json::array());  // nobody, stated
  CHECK(out["lifecycle"].size() == LifecycleEventNames().size());
  CHECK(out["report_back"]["after_school_days"] == 120);
  CHECK(out["report_back"]["owner"] == "submitter");

  workflow.report_back.reset();
  CHECK(json::parse(WorkflowJson(workflow))["report_back"].is_null());
}

TEST_CASE("views: workflow json: not and is_present guards keep their shape") {
  Guard present;
  present.op = GuardOp::kIsPresent;
  present.subject = Guard::Subject::kField;
  present.stage = "assessment";
  present.name = "summary";
  GuardValue yes;
  yes.kind = GuardValue::Kind::kBool;
  yes.boolean = true;
  present.values = {yes};
  Guard negated;
  negated.op = GuardOp::kNot;
  negated.children = {present};

  WorkflowDefinition workflow = Demo();
  workflow.transitions[0].when = negated;
  const json out = json::parse(WorkflowJson(workflow));
  CHECK(out["transitions"][0]["when"] ==
        json::parse(R"({"not": {"field": "assessment.summary", "is_present": true}})"));
}

TEST_CASE("views: form json: sections, fields, choices, bounds and record fields") {
  FormDefinition form;
  form.id = "mitigation-plan";
  form.version = 2;
  form.title = "Mitigation \"plan\"";
  form.sha256 = "ab";
  FormField risk;
  risk.name = "risk";
  risk.type = FieldType::kLongText;
  risk.label = "Risk addressed";
  risk.required = true;
  FormField groups;
  groups.name = "groups";
  groups.type = FieldType::kMultiChoice;
  groups.label = "Groups affected";
  groups.choices = {"black", "english_learners"};
  FormField actions;
  actions.name = "actions";
  actions.type = FieldType::kRecords;
  actions.label = "Actions";
  actions.required = true;
  actions.min_records = 1;
  actions.record_fields = {risk, groups};
  FormField cost;
  cost.name = "cost";
  cost.type = FieldType::kNumber;
  cost.label = "Cost";
  cost.help = "In dollars.";
  cost.min = 0;
  FormSection section;
  section.id = "actions";
  section.title = "Mitigation actions";
  section.help = "One record per risk.";
  section.fields = {actions, cost};
  form.sections = {section};

  const json out = json::parse(FormJson(form));
  CHECK(out["id"] == "mitigation-plan");
  CHECK(out["version"] == 2);
  CHECK(out["title"] == "Mitigation \"plan\"");
  REQUIRE(out["sections"].size() == 1);
  CHECK(out["sections"][0]["help"] == "One record per risk.");
  const json& records = out["sections"][0]["fields"][0];
  CHECK(records["type"] == "records");
  CHECK(records["required"] == true);
  CHECK(records["min_records"] == 1);
  REQUIRE(records["fields"].size() == 2);
  CHECK(records["fields"][1]["type"] == "multi_choice");
  CHECK(records["fields"][1]["choices"] == json::array({"black", "english_learners"}));
  const json& number = out["sections"][0]["fields"][1];
  CHECK(number["min"] == 0.0);
  CHECK_FALSE(number.contains("max"));
  CHECK_FALSE(number.contains("fields"));
  CHECK(number["help"] == "In dollars.");
  CHECK(number["choices"] == json::array());
}

TEST_CASE("views: diagnostics json: an array of {file, line, column, message}") {
  CHECK(DiagnosticsJson({}) == "[]");
  std::vector<Diagnostic> diagnostics = {
      {"workflows/x.yaml", {12, 5}, "unknown key 'ownr' (did you mean 'owner'?)"},
      {"forms/\"odd\".yaml", {}, "line one\nline two"}};
  const json out = json::parse(DiagnosticsJson(diagnostics));
  REQUIRE(out.size() == 2);
  CHECK(out[0] == json{{"file", "workflows/x.yaml"},
                       {"line", 12},
                       {"column", 5},
                       {"message", "unknown key 'ownr' (did you mean 'owner'?)"}});
  CHECK(out[1]["file"] == "forms/\"odd\".yaml");
  CHECK(out[1]["line"] == 0);
  CHECK(out[1]["message"] == "line one\nline two");
}

}  // namespace equilens
