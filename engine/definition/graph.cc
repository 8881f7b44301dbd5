// A workflow for people: the stage graph in two drawing languages (RenderMermaid, RenderDot)
// and the summary `workflow show` prints (DescribeWorkflowText). All three say the same facts
// in the same words; only layout, identifiers and escaping differ.
#include <algorithm>
#include <cstddef>
#include <iterator>
#include <string>
#include <vector>

#include "equilens/workflow_views.h"

namespace equilens {
namespace {

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

// ------------------------------------------------------------------------ what is drawn

std::vector<std::string> StageLines(const Stage& stage) {
  std::vector<std::string> lines = {stage.title.empty() ? stage.id : stage.title};
  if (!stage.title.empty() && stage.title != stage.id) lines.push_back("(" + stage.id + ")");
  if (stage.end != StageEnd::kNone) {
    lines.push_back(stage.end == StageEnd::kApprove ? "end: approve" : "end: reject");
    return lines;
  }
  lines.push_back("owner: " + stage.owner);
  if (!stage.form.empty()) lines.push_back("form: " + stage.form);
  if (stage.sla_school_days > 0) lines.push_back("SLA: " + SchoolDays(stage.sla_school_days));
  if (!stage.distinct_from.empty()) {
    lines.push_back("distinct from: " + Join(stage.distinct_from));
  }
  for (const auto& [event, people] : stage.quorum) {
    lines.push_back("quorum: " + std::to_string(people) + " people to " + event);
  }
  return lines;
}

// "otherwise" only reads right for an unguarded transition that an earlier guarded one on the
// same stage and event can pre-empt; elsewhere an unguarded edge simply always applies.
bool IsFallback(const WorkflowDefinition& workflow, const Transition& transition) {
  if (transition.when) return false;
  for (const Transition& earlier : workflow.transitions) {
    if (&earlier == &transition) return false;
    if (earlier.from == transition.from && earlier.event == transition.event && earlier.when) {
      return true;
    }
  }
  return false;
}

// "event [roles]", then the guard and the requirements on lines of their own.
std::vector<std::string> EdgeLines(const WorkflowDefinition& workflow,
                                   const Transition& transition) {
  std::vector<std::string> lines = {transition.event + " [" + Join(transition.by) + "]"};
  if (transition.when) {
    lines.push_back("when: " + DescribeGuard(*transition.when));
  } else if (IsFallback(workflow, transition)) {
    lines.push_back("otherwise");
  }
  if (!transition.requires.empty()) {
    lines.push_back("requires: " + Join(RequirementNames(transition.requires)));
  }
  return lines;
}

std::vector<std::string> LifecycleLines(const WorkflowDefinition& workflow) {
  std::vector<std::string> lines = {"Lifecycle (who may)"};
  for (const std::string& event : LifecycleEventNames()) {
    auto roles = workflow.lifecycle.find(event);
    const bool nobody = roles == workflow.lifecycle.end() || roles->second.empty();
    lines.push_back(event + ": " + (nobody ? std::string("nobody") : Join(roles->second)));
  }
  return lines;
}

std::vector<std::string> ReportBackLines(const ReportBack& report) {
  std::vector<std::string> lines = {"Report back"};
  if (!report.form.empty()) lines.push_back("form: " + report.form);
  lines.push_back("by: " + report.owner);
  if (!report.reviewers.empty()) lines.push_back("reviewed by: " + Join(report.reviewers));
  return lines;
}

std::string Heading(const WorkflowDefinition& workflow) {
  return workflow.title + " (" + workflow.id + " v" + std::to_string(workflow.version) + ")";
}

// ------------------------------------------------------------------------- escaping

// One character a label may not carry as it is, and what it is written as instead.
struct Escape {
  char c;
  const char* as;
};

// `text` with each character in `escapes` replaced; carriage returns are dropped, so a file
// saved with CRLF line ends draws like any other.
template <std::size_t N>
std::string Escaped(const std::string& text, const Escape (&escapes)[N]) {
  std::string out;
  for (char c : text) {
    if (c == '\r') continue;
    const Escape* escape = std::find_if(std::begin(escapes), std::end(escapes),
                                        [c](const Escape& candidate) { return candidate.c == c; });
    if (escape == std::end(escapes)) {
      out += c;
    } else {
      out += escape->as;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------- Mermaid

// Mermaid has no backslash escapes; inside a quoted label it decodes "#name;" and "#123;"
// entity codes. '"' would end the label, '|' an edge label, '`' starts a markdown string and
// '%' a comment; '<', '>' and '&' are HTML. '#' itself is encoded so that user text that looks
// like a code stays literal, and a newline becomes <br> because a raw one ends the statement.
std::string MermaidText(const std::string& text) {
  static constexpr Escape kEscapes[] = {{'"', "#quot;"}, {'#', "#35;"}, {'&', "#amp;"},
                                        {'<', "#lt;"},   {'>', "#gt;"}, {'|', "#124;"},
                                        {'`', "#96;"},   {'%', "#37;"}, {'\n', "<br>"}};
  return Escaped(text, kEscapes);
}

std::string MermaidLabel(const std::vector<std::string>& lines) {
  std::vector<std::string> escaped;
  for (const std::string& line : lines) escaped.push_back(MermaidText(line));
  return "\"" + Join(escaped, "<br>") + "\"";
}

// Mermaid node ids are bare words, and some ("end", "graph") are keywords: every stage gets an
// "s_" prefix, '_' is doubled and any other byte outside [A-Za-z0-9] becomes "_hh", so
// distinct stage ids stay distinct and never meet the fixed nodes (start_, lifecycle_, ...).
std::string MermaidId(const std::string& stage_id) {
  static const char kHex[] = "0123456789abcdef";
  std::string id = "s_";
  for (unsigned char c : stage_id) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      id += static_cast<char>(c);
    } else if (c == '_') {
      id += "__";
    } else {
      id += '_';
      id += kHex[c >> 4];
      id += kHex[c & 0xf];
    }
  }
  return id;
}

// A %% comment runs to the end of the line, so the heading must stay on one.
std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

// ------------------------------------------------------------------------------- DOT

// Inside a DOT quoted string only '"' and '\' need escaping; \n, \l and \r are line breaks
// (centred, left, right), so a literal backslash must be doubled or it would start one.
std::string DotText(const std::string& text) {
  static constexpr Escape kEscapes[] = {{'"', "\\\""}, {'\\', "\\\\"}, {'\n', "\\n"}};
  return Escaped(text, kEscapes);
}

// `left` ends every line with \l so notes read as left-aligned lists.
std::string DotLabel(const std::vector<std::string>& lines, bool left = false) {
  std::vector<std::string> escaped;
  for (const std::string& line : lines) escaped.push_back(DotText(line));
  return "\"" + Join(escaped, left ? "\\l" : "\\n") + (left ? "\\l" : "") + "\"";
}

// Quoted ids may hold any text; the "stage_" prefix keeps stages apart from the fixed nodes.
std::string DotId(const std::string& stage_id) { return "\"stage_" + DotText(stage_id) + "\""; }

// ------------------------------------------------------------------------------- text

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

}  // namespace

std::string RenderMermaid(const WorkflowDefinition& workflow) {
  std::string out = "%% " + OneLine(Heading(workflow)) + "\n";
  out += "flowchart TD\n";
  out += "  start_((\"start\")) --> " + MermaidId(workflow.start) + "\n";
  for (const Stage& stage : workflow.stages) {
    const std::string label = MermaidLabel(StageLines(stage));
    // Ends are stadiums so they read as terminals even without colour.
    out += "  " + MermaidId(stage.id) +
           (stage.end == StageEnd::kNone ? "[" + label + "]" : "([" + label + "])") + "\n";
  }
  for (const Transition& transition : workflow.transitions) {
    out += "  " + MermaidId(transition.from) + " -->|" +
           MermaidLabel(EdgeLines(workflow, transition)) + "| " + MermaidId(transition.to) + "\n";
  }
  if (workflow.report_back) {
    out += "  report_back_[" + MermaidLabel(ReportBackLines(*workflow.report_back)) + "]\n";
    const std::string after =
        MermaidLabel({"after " + SchoolDays(workflow.report_back->after_school_days)});
    for (const Stage& stage : workflow.stages) {
      if (stage.end == StageEnd::kApprove) {
        out += "  " + MermaidId(stage.id) + " -.->|" + after + "| report_back_\n";
      }
    }
  }
  out += "  lifecycle_[" + MermaidLabel(LifecycleLines(workflow)) + "]\n";

  out += "  classDef approve fill:#e6f4ea,stroke:#1e7b34,stroke-width:2px\n";
  out += "  classDef reject fill:#fce8e6,stroke:#b3261e,stroke-width:2px\n";
  out += "  classDef note fill:#fff8e1,stroke:#a08a3c,stroke-dasharray:4 3\n";
  for (const Stage& stage : workflow.stages) {
    if (stage.end == StageEnd::kApprove) out += "  class " + MermaidId(stage.id) + " approve\n";
    if (stage.end == StageEnd::kReject) out += "  class " + MermaidId(stage.id) + " reject\n";
  }
  out +=
      std::string("  class lifecycle_") + (workflow.report_back ? ",report_back_" : "") + " note\n";
  return out;
}

std::string RenderDot(const WorkflowDefinition& workflow) {
  std::string out = "digraph \"" + DotText(workflow.id) + "\" {\n";
  out += "  graph [label=" + DotLabel({Heading(workflow)}) +
         ", labelloc=t, rankdir=TB, fontname=\"Helvetica\"];\n";
  out +=
      "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", "
      "fontname=\"Helvetica\", fontsize=11];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  out +=
      "  \"start\" [shape=circle, label=\"start\", fillcolor=\"#333333\", "
      "fontcolor=\"#ffffff\"];\n";
  out += "  \"start\" -> " + DotId(workflow.start) + ";\n";
  for (const Stage& stage : workflow.stages) {
    out += "  " + DotId(stage.id) + " [label=" + DotLabel(StageLines(stage));
    if (stage.end == StageEnd::kApprove) {
      out += ", shape=doubleoctagon, fillcolor=\"#e6f4ea\", color=\"#1e7b34\", penwidth=2";
    } else if (stage.end == StageEnd::kReject) {
      out += ", shape=octagon, fillcolor=\"#fce8e6\", color=\"#b3261e\", penwidth=2";
    }
    out += "];\n";
  }
  for (const Transition& transition : workflow.transitions) {
    out += "  " + DotId(transition.from) + " -> " + DotId(transition.to) +
           " [label=" + DotLabel(EdgeLines(workflow, transition)) + "];\n";
  }
  if (workflow.report_back) {
    out += "  \"report_back\" [shape=note, fillcolor=\"#fff8e1\", label=" +
           DotLabel(ReportBackLines(*workflow.report_back), /*left=*/true) + "];\n";
    for (const Stage& stage : workflow.stages) {
      if (stage.end != StageEnd::kApprove) continue;
      out += "  " + DotId(stage.id) + " -> \"report_back\" [style=dashed, label=" +
             DotLabel({"after " + SchoolDays(workflow.report_back->after_school_days)}) + "];\n";
    }
  }
  out += "  \"lifecycle\" [shape=note, fillcolor=\"#fff8e1\", label=" +
         DotLabel(LifecycleLines(workflow), /*left=*/true) + "];\n";
  out += "}\n";
  return out;
}

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
  const std::vector<std::string> lifecycle = LifecycleLines(workflow);
  for (std::size_t i = 1; i < lifecycle.size(); ++i) out += "  " + lifecycle[i] + "\n";

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

}  // namespace equilens
