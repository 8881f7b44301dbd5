// `equilens sla report`: open deadlines, counted in school days on the district calendar; and
// `equilens escalate`: the escalation pass that reminds and escalates late stages.
#include <iomanip>
#include <iostream>
#include <memory>

#include "cli.h"

namespace equilens::cli {
namespace {

std::string Days(int days) { return std::to_string(days) + " school day" + (days == 1 ? "" : "s"); }

std::string Owner(const SlaItem& item) {
  return item.owner_is_role ? "any " + item.owner : item.owner;
}

void PrintItems(const char* heading, const std::vector<SlaItem>& items,
                std::string (*how)(const SlaItem&)) {
  std::cout << heading << " (" << items.size() << ")\n";
  if (items.empty()) std::cout << "  none\n";
  for (const SlaItem& item : items) {
    std::cout << "  " << item.id << "  " << std::left << std::setw(14) << item.stage << " due "
              << item.due << "  " << std::setw(24) << how(item) << " " << std::setw(20)
              << Owner(item) << " " << item.department << ": " << item.title << "\n";
  }
}

void PrintGroups(const char* heading, const std::vector<SlaGroup>& groups) {
  std::cout << heading << "\n";
  if (groups.empty()) std::cout << "  none\n";
  for (const SlaGroup& group : groups) {
    std::cout << "  " << std::left << std::setw(28)
              << (group.is_role ? "any " + group.name : group.name) << std::right << std::setw(3)
              << group.overdue << " overdue (most " << Days(group.most_late) << " late), "
              << group.due_soon << " due soon, " << group.on_hold << " on hold\n";
  }
}

void PrintReport(const SlaReportView& report) {
  std::cout << "deadlines as of " << report.as_of
            << (report.as_of_not_counted.empty()
                    ? ""
                    : " (not a school day: " + report.as_of_not_counted + ")")
            << "; due soon = within " << Days(report.within) << "\n";
  if (report.calendars.empty()) {
    std::cout << "calendar: none loaded, Monday to Friday count\n";
  } else {
    for (const std::string& calendar : report.calendars) {
      std::cout << "calendar: " << calendar << "\n";
    }
  }
  PrintItems("overdue", report.overdue,
             [](const SlaItem& item) { return "late " + Days(item.school_days); });
  PrintItems("due soon", report.due_soon, [](const SlaItem& item) {
    return item.school_days == 0 ? std::string("due today") : "in " + Days(item.school_days);
  });
  PrintItems("on hold (clock stopped)", report.on_hold,
             [](const SlaItem&) { return std::string("on hold"); });
  PrintGroups("per person or role", report.by_owner);
  PrintGroups("per department", report.by_department);
}

void PrintEscalations(const EscalateView& view) {
  std::cout << "escalation pass as of " << view.as_of << ": " << view.done.size() << " event"
            << (view.done.size() == 1 ? "" : "s") << " recorded\n";
  for (const EscalationDone& step : view.done) {
    std::cout << "  #" << step.seq << " " << step.id << " " << step.stage << " ("
              << Days(step.school_days) << "): ";
    if (step.kind == "escalation_reminded") {
      std::cout << "reminded " << step.owner;
    } else if (step.kind == "deadline_near") {
      std::cout << "due " << step.due << " in " << Days(step.days_past_or_left) << "; warned "
                << step.owner;
    } else if (step.kind == "deadline_passed") {
      std::cout << "overdue since " << step.due << "; told " << step.owner;
    } else {
      std::cout << "notified " << step.notified;
      if (!step.reassigned_to.empty()) {
        std::cout << "; reassigned from " << step.owner << " to " << step.reassigned_to;
      }
    }
    std::cout << "\n";
  }
  for (const std::string& problem : view.problems) std::cout << "  not done: " << problem << "\n";
}

}  // namespace

void AddSlaCommands(CLI::App& app, Cli& cli) {
  CLI::App* sla = app.add_subcommand("sla", "Deadlines in school days");
  sla->require_subcommand(1);

  auto request = std::make_shared<SlaReportRequest>();
  CLI::App* report =
      sla->add_subcommand("report",
                          "What is overdue (by how many school days) and due soon, per person and "
                          "department; reads only");
  report->add_option("--as-of", request->as_of,
                     "Count as of this day, YYYY-MM-DD (default: today, UTC); records nothing");
  report
      ->add_option("--within", request->within,
                   "Due soon = due within this many school days (0-200)")
      ->capture_default_str();
  OnRun(report, cli, [request, &cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& e, const CommandOptions& o) {
      auto view = e.SlaReport(o, *request);
      if (!view.ok()) return view.status();
      if (cli.globals.json) {
        std::cout << ToJson(*view) << "\n";
      } else {
        PrintReport(*view);
      }
      return Status::Ok();
    });
  });

  auto escalate = std::make_shared<EscalateRequest>();
  CLI::App* pass = app.add_subcommand(
      "escalate",
      "The escalation pass (cron, a systemd timer): remind owners and escalate late stages as "
      "their workflow's `escalation:` says, each step once per stage visit");
  pass->add_option("--as-of", escalate->as_of,
                   "Decide as of this day, YYYY-MM-DD (default: today, UTC); the events are "
                   "still dated now");
  OnRun(pass, cli, [escalate, &cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& e, const CommandOptions& o) {
      auto view = e.Escalate(o, *escalate);
      if (!view.ok()) return view.status();
      if (cli.globals.json) {
        std::cout << ToJson(*view) << "\n";
      } else {
        PrintEscalations(*view);
      }
      return Status::Ok();
    });
  });
}

}  // namespace equilens::cli
