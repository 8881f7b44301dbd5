// `equilens report ID` and `equilens audit report`: printed documents, to stdout or a file.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli.h"

namespace equilens::cli {
namespace {

// Writes `text` to `path` whole or not at all: a temporary file beside it, then a rename,
// so a reader never sees half a document. "" or "-" = stdout.
Status WriteDocument(const std::string& text, const std::string& path) {
  if (path.empty() || path == "-") {
    std::cout << text;
    return std::cout ? Status::Ok() : InternalError("could not write to stdout");
  }
  const std::string partial = path + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      std::remove(partial.c_str());
      return InvalidInput("cannot write " + path);
    }
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0) {
    std::remove(partial.c_str());
    return InvalidInput("cannot write " + path);
  }
  std::cerr << "wrote " << path << "\n";
  return Status::Ok();
}

}  // namespace

void AddDocumentCommands(CLI::App& app, Cli& cli) {
  auto id = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("md");
  auto out = std::make_shared<std::string>();
  CLI::App* report = app.add_subcommand(
      "report", "The Equity Impact Statement for one initiative (templates/documents/)");
  report->add_option("id", *id, "Initiative id")->required();
  report->add_option("--format", *format, "md or html")->check(CLI::IsMember({"md", "html"}));
  report->add_option("--out", *out, "Write to this file instead of stdout");
  OnRun(report, cli, [id, format, out, &cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& e, const CommandOptions& o) {
      auto text = e.Statement(o, *id, *format);
      return text.ok() ? WriteDocument(*text, *out) : text.status();
    });
  });

  CLI::App* audit = app.get_subcommand("audit");
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto audit_format = std::make_shared<std::string>("md");
  auto audit_out = std::make_shared<std::string>();
  CLI::App* audit_report = audit->add_subcommand(
      "report",
      "For the ombuds: decisions in a period, time per stage, returns, overrides, "
      "voided approvals, and the chain's verification");
  audit_report->add_option("--from", *from, "First day, YYYY-MM-DD")->required();
  audit_report->add_option("--to", *to, "Last day, YYYY-MM-DD")->required();
  audit_report->add_option("--format", *audit_format, "md or html")
      ->check(CLI::IsMember({"md", "html"}));
  audit_report->add_option("--out", *audit_out, "Write to this file instead of stdout");
  OnRun(audit_report, cli, [from, to, audit_format, audit_out, &cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& e, const CommandOptions& o) {
      auto text = e.AuditReport(o, *from, *to, *audit_format);
      return text.ok() ? WriteDocument(*text, *audit_out) : text.status();
    });
  });
}

}  // namespace equilens::cli
