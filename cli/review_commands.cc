// `equilens feedback ID add|answer|list` and `equilens mitigation ID list|status`,
// `equilens mitigation overdue`: the conversation and the plan around an initiative.
#include <iomanip>
#include <iostream>
#include <memory>

#include "cli.h"

namespace equilens::cli {
namespace {

void PrintFeedback(const std::vector<FeedbackView>& items) {
  if (items.empty()) std::cout << "no feedback yet\n";
  for (const FeedbackView& item : items) {
    std::cout << "#" << item.number << "  " << item.kind << " on " << item.section << " by "
              << item.author << " (" << item.at.substr(0, 10) << ")\n"
              << "    " << item.text << "\n"
              << "    answer: "
              << (item.disposition.empty() ? std::string("UNANSWERED") : item.disposition)
              << (item.reason.empty() ? "" : " - " + item.reason) << "\n";
  }
}

void PrintActions(const std::vector<TrackedActionView>& actions, bool with_initiative) {
  if (actions.empty()) std::cout << "no tracked actions\n";
  for (const TrackedActionView& a : actions) {
    std::cout << (with_initiative ? a.initiative + " " : "") << "#" << a.number << "  " << std::left
              << std::setw(12) << a.status << " due " << a.due << (a.overdue ? " OVERDUE" : "")
              << "  owner " << a.owner << "\n"
              << "    " << a.action << "\n";
    if (!a.status_reason.empty()) std::cout << "    reason: " << a.status_reason << "\n";
  }
}

void AddFeedbackCommands(CLI::App& app, Cli& cli) {
  auto id = std::make_shared<std::string>();
  CLI::App* feedback = app.add_subcommand("feedback", "Thought-partner feedback and its answers");
  feedback->add_option("id", *id, "Initiative id")->required();
  feedback->require_subcommand(1);

  auto request = std::make_shared<FeedbackRequest>();
  auto add_guards = std::make_shared<WriteGuards>();
  CLI::App* add = feedback->add_subcommand("add", "Raise a feedback item (reviewers, leads)");
  add->add_option("--kind", request->kind, "concern, suggestion, question or resource")->required();
  add->add_option("--section", request->section, "The form section it refers to, or general")
      ->required();
  add->add_option("--text", request->text, "The feedback")->required();
  AddWriteGuards(add, *add_guards);
  OnRun(add, cli, [id, request, add_guards, &cli] {
    return WithEngine(cli.globals, add_guards.get(), [&](Engine& e, const CommandOptions& o) {
      auto outcome = e.AddFeedback(o, *id, *request);
      if (!outcome.ok()) return outcome.status();
      if (cli.globals.json) {
        std::cout << ToJson(*outcome) << "\n";
      } else {
        std::cout << *id << ": feedback item " << outcome->number << " added\n";
      }
      return Status::Ok();
    });
  });

  auto answer = std::make_shared<FeedbackAnswer>();
  auto answer_guards = std::make_shared<WriteGuards>();
  CLI::App* answer_command =
      feedback->add_subcommand("answer", "Answer an item (the person who filed)");
  answer_command->add_option("item", answer->number, "The item's number")->required();
  answer_command
      ->add_option("--disposition", answer->disposition,
                   "incorporated, partly_incorporated or declined")
      ->required();
  answer_command->add_option("--reason", answer->reason, "Why; required when declined");
  AddWriteGuards(answer_command, *answer_guards);
  OnRun(answer_command, cli, [id, answer, answer_guards, &cli] {
    return WithEngine(cli.globals, answer_guards.get(), [&](Engine& e, const CommandOptions& o) {
      auto outcome = e.AnswerFeedback(o, *id, *answer);
      if (!outcome.ok()) return outcome.status();
      if (cli.globals.json) {
        std::cout << ToJson(*outcome) << "\n";
      } else {
        std::cout << *id << ": feedback item " << outcome->number << " answered ("
                  << answer->disposition << ")\n";
        PrintContentChange(outcome->change);
      }
      return Status::Ok();
    });
  });

  CLI::App* list = feedback->add_subcommand("list", "Every item and its answer");
  OnRun(list, cli, [id, &cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& e, const CommandOptions& o) {
      auto items = e.ListFeedback(o, *id);
      if (!items.ok()) return items.status();
      if (cli.globals.json) {
        std::cout << ToJson(*items) << "\n";
      } else {
        PrintFeedback(*items);
      }
      return Status::Ok();
    });
  });
}

void AddMitigationCommands(CLI::App& app, Cli& cli) {
  auto id = std::make_shared<std::string>();
  CLI::App* mitigation =
      app.add_subcommand("mitigation", "Mitigation actions tracked after sign-off");
  mitigation->add_option("id", *id, "Initiative id (not for `overdue`)");
  mitigation->require_subcommand(1);
  auto need_id = [id]() -> Status {
    return id->empty() ? UsageError("give the initiative id: equilens mitigation ID ...")
                       : Status::Ok();
  };

  CLI::App* list = mitigation->add_subcommand("list", "The actions and their status");
  OnRun(list, cli, [id, need_id, &cli] {
    if (Status s = need_id(); !s.ok()) return s;
    return WithEngine(cli.globals, nullptr, [&](Engine& e, const CommandOptions& o) {
      auto actions = e.TrackedActions(o, *id);
      if (!actions.ok()) return actions.status();
      if (cli.globals.json) {
        std::cout << ToJson(*actions) << "\n";
      } else {
        PrintActions(*actions, false);
      }
      return Status::Ok();
    });
  });

  auto number = std::make_shared<std::int64_t>(0);
  auto status = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();
  auto guards = std::make_shared<WriteGuards>();
  CLI::App* set = mitigation->add_subcommand("status", "Set an action's status");
  set->add_option("action", *number, "The action's number")->required();
  set->add_option("--status", *status, "planned, in_progress, done or dropped")->required();
  set->add_option("--reason", *reason, "Why; required when dropped");
  AddWriteGuards(set, *guards);
  OnRun(set, cli, [id, need_id, number, status, reason, guards, &cli] {
    if (Status s = need_id(); !s.ok()) return s;
    return WithEngine(cli.globals, guards.get(), [&](Engine& e, const CommandOptions& o) {
      auto action = e.SetActionStatus(o, *id, *number, *status, *reason);
      if (!action.ok()) return action.status();
      if (cli.globals.json) {
        std::cout << ToJson(*action) << "\n";
      } else {
        std::cout << *id << ": action " << action->number << " is " << action->status << "\n";
      }
      return Status::Ok();
    });
  });

  auto as_of = std::make_shared<std::string>();
  CLI::App* overdue =
      mitigation->add_subcommand("overdue", "Overdue actions across the district (only reads)");
  overdue->add_option("--as-of", *as_of, "Count as of this date, YYYY-MM-DD (default today)");
  OnRun(overdue, cli, [id, as_of, &cli] {
    if (!id->empty()) return UsageError("`mitigation overdue` takes no initiative id");
    return WithEngine(cli.globals, nullptr, [&](Engine& e, const CommandOptions& o) {
      auto actions = e.OverdueActions(o, *as_of);
      if (!actions.ok()) return actions.status();
      if (cli.globals.json) {
        std::cout << ToJson(*actions) << "\n";
      } else {
        PrintActions(*actions, true);
      }
      return Status::Ok();
    });
  });
}

}  // namespace

void PrintContentChange(const ContentChange& change) {
  for (const std::string& voided : change.voided) {
    std::cout << "  approval void: " << voided << "\n";
  }
  if (!change.returned_to.empty()) {
    std::cout << "  the initiative went back to " << change.returned_to << " for review\n";
  }
}

void AddReviewCommands(CLI::App& app, Cli& cli) {
  AddFeedbackCommands(app, cli);
  AddMitigationCommands(app, cli);
}

}  // namespace equilens::cli
