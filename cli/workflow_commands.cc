// `equilens workflow lint | graph | show`: definition files, read without a database.
// (`workflow load` and `workflow list`, which need one, live with the store commands.)
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli.h"
#include "equilens/lint.h"
#include "equilens/workflow_views.h"

namespace equilens::cli {
namespace {

struct LintArgs {
  std::vector<std::string> files;
  std::string forms_dir;
};

Status ReportDiagnostics(const LintResult& lint, bool json) {
  if (json) {
    std::cout << DiagnosticsJson(lint.diagnostics) << "\n";
  } else {
    for (const Diagnostic& diagnostic : lint.diagnostics) {
      std::cerr << diagnostic.ToString() << "\n";
    }
  }
  if (lint.ok()) return Status::Ok();
  return InvalidInput(std::to_string(lint.diagnostics.size()) + " problem(s) found");
}

Status Lint(const LintArgs& args, const GlobalOptions& globals) {
  LintResult lint = LintDefinitionFiles(args.files, args.forms_dir);
  Status status = ReportDiagnostics(lint, globals.json);
  if (status.ok() && !globals.json) {
    std::cout << args.files.size() << " file(s) valid: " << lint.valid.workflows.size()
              << " workflow(s), " << lint.valid.forms.size() << " form(s)";
    if (!lint.valid.calendars.empty()) {
      std::cout << ", " << lint.valid.calendars.size() << " calendar(s)";
    }
    std::cout << "\n";
  }
  return status;
}

// Loads exactly one workflow for graph and show; every problem is reported first.
Result<std::shared_ptr<const WorkflowDefinition>> LoadOneWorkflow(const LintArgs& args, bool json) {
  LintResult lint = LintDefinitionFiles(args.files, args.forms_dir);
  if (Status status = ReportDiagnostics(lint, json && !lint.ok()); !status.ok()) return status;
  if (lint.valid.workflows.size() != 1) {
    return UsageError("give exactly one workflow file (got " +
                      std::to_string(lint.valid.workflows.size()) + ")");
  }
  return lint.valid.workflows.front();
}

void AddFileArgs(CLI::App* command, LintArgs& args, bool many) {
  auto* files = command->add_option("files", args.files,
                                    many ? "Definition files (YAML)" : "A workflow file (YAML)");
  files->required()->check(CLI::ExistingFile);
  if (!many) files->expected(1);
  command->add_option("--forms", args.forms_dir,
                      "Folder of forms the workflows use (default: ../templates/forms beside "
                      "the workflow, or $EQUILENS_HOME/templates/forms)");
}

}  // namespace

void AddWorkflowCommands(CLI::App& app, Cli& cli) {
  CLI::App* workflow = app.add_subcommand("workflow", "Review-process definitions (YAML)");
  workflow->require_subcommand(1);

  auto lint_args = std::make_shared<LintArgs>();
  CLI::App* lint = workflow->add_subcommand(
      "lint", "Validate workflow and form files; exit 7 with every problem listed if any");
  AddFileArgs(lint, *lint_args, /*many=*/true);
  OnRun(lint, cli, [lint_args, &cli] { return Lint(*lint_args, cli.globals); });

  auto graph_args = std::make_shared<LintArgs>();
  auto format = std::make_shared<std::string>("mermaid");
  CLI::App* graph = workflow->add_subcommand("graph", "Draw a workflow's stage graph");
  AddFileArgs(graph, *graph_args, /*many=*/false);
  graph->add_option("--format", *format, "mermaid or dot")
      ->check(CLI::IsMember({"mermaid", "dot"}));
  OnRun(graph, cli, [graph_args, format, &cli]() -> Status {
    auto workflow = LoadOneWorkflow(*graph_args, cli.globals.json);
    if (!workflow.ok()) return workflow.status();
    std::cout << (*format == "dot" ? RenderDot(**workflow) : RenderMermaid(**workflow));
    return Status::Ok();
  });

  auto show_args = std::make_shared<LintArgs>();
  CLI::App* show = workflow->add_subcommand("show",
                                            "Summarise a workflow: stages, who acts, "
                                            "SLAs, guards");
  AddFileArgs(show, *show_args, /*many=*/false);
  OnRun(show, cli, [show_args, &cli]() -> Status {
    auto workflow = LoadOneWorkflow(*show_args, cli.globals.json);
    if (!workflow.ok()) return workflow.status();
    std::cout << (cli.globals.json ? WorkflowJson(**workflow) + "\n"
                                   : DescribeWorkflowText(**workflow));
    return Status::Ok();
  });
}

}  // namespace equilens::cli
