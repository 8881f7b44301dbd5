// `equilens file | show | fill | comment | act | inbox | list | dashboard | history`: working on
// initiatives.
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli.h"

namespace equilens::cli {
namespace {

void PrintShow(const InitiativeView& v) {
  std::cout << v.id << "  " << v.title << "\n"
            << "  department   " << v.department << " (filed by " << v.submitter << " on "
            << v.filed_at.substr(0, 10) << ")\n"
            << "  workflow     " << v.workflow_id << " v" << v.workflow_version << "\n"
            << "  lifecycle    " << LifecycleStateName(v.lifecycle) << "\n";
  if (!v.stage.empty()) {
    std::cout << "  stage        " << v.stage << " (" << v.stage_title << ")"
              << (v.stage_owner.empty() ? "" : ", owner " + v.stage_owner)
              << (v.stage_due.empty() ? "" : ", due " + v.stage_due) << "\n";
    if (!v.reassigned_to.empty()) {
      std::cout << "  waiting on   " << v.reassigned_to << " (reassigned by escalation)\n";
    }
  }
  std::cout << "  version      " << v.version << "\n";
  if (!v.summary.empty()) std::cout << "  summary      " << v.summary << "\n";
  if (!v.stage_path.empty()) {
    std::cout << "  path        ";
    for (const std::string& stage : v.stage_path) std::cout << " " << stage;
    std::cout << "\n";
  }
  for (const std::string& vote : v.quorum_votes) std::cout << "  votes        " << vote << "\n";
  if (v.form) {
    std::cout << "  form         " << v.form->id << " ("
              << (v.missing_required.empty()
                      ? "complete"
                      : std::to_string(v.missing_required.size()) + " required answer(s) missing")
              << ")\n";
  }
  std::cout << "  you may:\n";
  if (v.actions.empty()) std::cout << "    (nothing now)\n";
  for (const ActionView& action : v.actions) {
    std::cout << "    " << std::left << std::setw(18) << action.event
              << (action.to.empty() ? "" : "-> " + action.to);
    for (const std::string& block : action.blocked_by) std::cout << "\n      blocked: " << block;
    std::cout << "\n";
  }
  if (!v.feedback.empty()) std::cout << "  feedback:\n";
  for (const FeedbackView& f : v.feedback) {
    std::cout << "    #" << f.number << " " << f.kind << " on " << f.section << " by " << f.author
              << ": " << (f.disposition.empty() ? std::string("UNANSWERED") : f.disposition)
              << "\n";
  }
  if (!v.approvals.empty()) std::cout << "  approvals:\n";
  for (const ApprovalView& a : v.approvals) {
    std::cout << "    " << a.event << " by " << a.actor << " at " << a.stage << " on content "
              << a.content_sha256.substr(0, 12) << (a.in_force ? "" : "  VOID: " + a.voided_because)
              << "\n";
  }
  if (!v.tracked_actions.empty()) std::cout << "  mitigation actions:\n";
  for (const TrackedActionView& a : v.tracked_actions) {
    std::cout << "    #" << a.number << " " << a.status << ", due " << a.due
              << (a.overdue ? " OVERDUE" : "") << ": " << a.action << "\n";
  }
  if (!v.report_status.empty()) std::cout << "  report-back  " << v.report_status << "\n";
  if (!v.comments.empty()) std::cout << "  comments:\n";
  for (const CommentView& c : v.comments) {
    std::cout << "    " << c.at.substr(0, 16) << " " << c.actor << ": " << c.text << "\n";
  }
}

std::string ReadWhole(const std::string& path, Status& status) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    status = NotFound("cannot read " + path);
    return "";
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

void AddInitiativeCommands(CLI::App& app, Cli& cli) {
  auto request = std::make_shared<FileRequest>();
  auto file_guards = std::make_shared<WriteGuards>();
  CLI::App* file = app.add_subcommand("file", "File a new initiative (a draft); prints its id");
  file->add_option("--workflow", request->workflow_id, "Workflow id")->required();
  file->add_option("--title", request->title, "What is proposed, in a line")->required();
  file->add_option("--department", request->department, "Your department")->required();
  file->add_option("--summary", request->summary, "A few sentences");
  AddWriteGuards(file, *file_guards);
  OnRun(file, cli, [request, file_guards, &cli] {
    return WithEngine(cli.globals, file_guards.get(), [&](Engine& e, const CommandOptions& o) {
      Result<std::string> id = e.File(o, *request);
      if (!id.ok()) return id.status();
      std::cout << (cli.globals.json ? "{\"id\":\"" + *id + "\"}" : *id) << "\n";
      return Status::Ok();
    });
  });

  auto show_id = std::make_shared<std::string>();
  CLI::App* show = app.add_subcommand("show", "Everything about one initiative");
  show->add_option("id", *show_id, "Initiative id, e.g. EQ-2026-0001")->required();
  OnRun(show, cli, [show_id, &cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& e, const CommandOptions& o) {
      Result<InitiativeView> view = e.Show(o, *show_id);
      if (!view.ok()) return view.status();
      if (cli.globals.json) {
        std::cout << ToJson(*view) << "\n";
      } else {
        PrintShow(*view);
      }
      return Status::Ok();
    });
  });

  auto fill_id = std::make_shared<std::string>();
  auto answers_path = std::make_shared<std::string>();
  auto skeleton = std::make_shared<bool>(false);
  auto fill_guards = std::make_shared<WriteGuards>();
  CLI::App* fill = app.add_subcommand("fill", "Answer the current stage's form from a YAML file");
  fill->add_option("id", *fill_id, "Initiative id")->required();
  auto* answers_option = fill->add_option("--answers", *answers_path, "Answers file (YAML)");
  fill->add_flag("--skeleton", *skeleton, "Print an answers file to fill in")
      ->excludes(answers_option);
  AddWriteGuards(fill, *fill_guards);
  OnRun(fill, cli, [fill_id, answers_path, skeleton, fill_guards, &cli] {
    return WithEngine(cli.globals, fill_guards.get(), [&](Engine& e, const CommandOptions& o) {
      if (*skeleton) {
        Result<std::string> text = e.AnswersSkeleton(o, *fill_id);
        if (!text.ok()) return text.status();
        std::cout << *text;
        return Status::Ok();
      }
      if (answers_path->empty()) return UsageError("give --answers FILE.yaml or --skeleton");
      Status read = Status::Ok();
      DefinitionSource source{*answers_path, ReadWhole(*answers_path, read)};
      if (!read.ok()) return read;
      Result<FillOutcome> outcome = e.Fill(o, *fill_id, source);
      if (!outcome.ok()) return outcome.status();
      if (cli.globals.json) {
        std::cout << ToJson(*outcome) << "\n";
      } else if (outcome->missing_required.empty()) {
        std::cout << "saved; the " << outcome->stage << " form is complete\n";
      } else {
        std::cout << "saved as a draft; still needed:";
        for (const std::string& field : outcome->missing_required) std::cout << " " << field;
        std::cout << "\n";
      }
      return Status::Ok();
    });
  });

  auto comment_id = std::make_shared<std::string>();
  auto comment_text = std::make_shared<std::string>();
  auto comment_guards = std::make_shared<WriteGuards>();
  CLI::App* comment = app.add_subcommand("comment", "Add a comment to an initiative");
  comment->add_option("id", *comment_id, "Initiative id")->required();
  comment->add_option("--text", *comment_text, "The comment")->required();
  AddWriteGuards(comment, *comment_guards);
  OnRun(comment, cli, [comment_id, comment_text, comment_guards, &cli] {
    return WithEngine(cli.globals, comment_guards.get(), [&](Engine& e, const CommandOptions& o) {
      return e.Comment(o, *comment_id, *comment_text);
    });
  });

  auto act_id = std::make_shared<std::string>();
  auto act_event = std::make_shared<std::string>();
  auto act_note = std::make_shared<std::string>();
  auto act_guards = std::make_shared<WriteGuards>();
  CLI::App* act =
      app.add_subcommand("act",
                         "Take an action: a workflow event (accept, approve, ...) or hold, resume, "
                         "withdraw, reject, return, submit, close");
  act->add_option("id", *act_id, "Initiative id")->required();
  act->add_option("event", *act_event, "The action (see `equilens show ID`)")->required();
  act->add_option("--note", *act_note, "Why; some actions require it");
  AddWriteGuards(act, *act_guards);
  OnRun(act, cli, [act_id, act_event, act_note, act_guards, &cli] {
    return WithEngine(cli.globals, act_guards.get(), [&](Engine& e, const CommandOptions& o) {
      Result<ActOutcome> outcome = e.Act(o, *act_id, *act_event, *act_note);
      if (!outcome.ok()) return outcome.status();
      if (cli.globals.json) {
        std::cout << ToJson(*outcome) << "\n";
      } else {
        std::cout << outcome->id << ": " << outcome->message
                  << (outcome->repeated ? " (already done; nothing new recorded)" : "") << "\n";
      }
      return Status::Ok();
    });
  });

  CLI::App* inbox = app.add_subcommand("inbox", "What waits for you, oldest first");
  auto range = std::make_shared<InboxRange>();
  inbox->add_option("--offset", range->offset, "Skip this many waiting initiatives");
  inbox->add_option("--limit", range->limit, "Show at most this many (1-500)");
  OnRun(inbox, cli, [&cli, range] {
    return WithEngine(cli.globals, nullptr, [&](Engine& e, const CommandOptions& o) {
      auto page = e.Inbox(o, *range);
      if (!page.ok()) return page.status();
      const std::vector<InboxItem>* items = &page->items;
      if (cli.globals.json) {
        std::cout << ToJson(*items) << "\n";
        return Status::Ok();
      }
      if (items->empty()) std::cout << "nothing waits for you\n";
      for (const InboxItem& item : *items) {
        std::cout << item.id << "  " << std::left << std::setw(14) << item.stage << " "
                  << std::setw(12) << (item.due.empty() ? "no due date" : "due " + item.due)
                  << (item.overdue ? " OVERDUE" : "") << "  " << item.title << " ("
                  << item.department << "; " << item.why << ")\n";
      }
      if (page->more) {
        std::cout << page->waiting << " initiatives wait for you; this shows "
                  << page->range.offset + 1 << " to " << page->range.offset + page->range.limit
                  << ": --offset " << page->range.offset + page->range.limit << " for more\n";
      }
      return Status::Ok();
    });
  });

  auto filter = std::make_shared<InitiativeFilter>();
  CLI::App* list =
      app.add_subcommand("list", "Initiatives you may see, most recently updated first");
  list->add_option("--department", filter->department, "Only this department");
  list->add_option("--stage", filter->stage, "Only at this stage (a stage id)");
  list->add_option("--lifecycle", filter->lifecycle, "Only in this state: draft, in_review, ...");
  list->add_option("--search", filter->text, "Only those whose id or title contains this text");
  list->add_option("--limit", filter->limit, "At most this many");
  OnRun(list, cli, [filter, &cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& e, const CommandOptions& o) {
      auto items = e.ListInitiatives(o, *filter);
      if (!items.ok()) return items.status();
      if (cli.globals.json) {
        std::cout << ToJson(*items) << "\n";
        return Status::Ok();
      }
      if (items->empty()) std::cout << "no initiatives match\n";
      for (const InitiativeSummary& item : *items) {
        const std::string where =
            item.stage.empty() ? LifecycleStateName(item.lifecycle) : item.stage;
        std::cout << item.id << "  " << std::left << std::setw(12)
                  << LifecycleStateName(item.lifecycle) << " " << std::setw(14) << where << " "
                  << std::setw(4) << std::right << item.days_in_stage << "d " << std::left
                  << (item.overdue ? "OVERDUE " : "") << item.title << " (" << item.department
                  << ")\n";
      }
      return Status::Ok();
    });
  });

  CLI::App* dashboard =
      app.add_subcommand("dashboard",
                         "Initiatives by stage and department, time in stage, overdue "
                         "work and flagged disparities");
  OnRun(dashboard, cli, [&cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& e, const CommandOptions& o) {
      auto view = e.Dashboard(o);
      if (!view.ok()) return view.status();
      if (cli.globals.json) {
        std::cout << ToJson(*view) << "\n";
        return Status::Ok();
      }
      auto counts = [](const char* heading, const std::vector<DashboardView::Count>& items) {
        std::cout << heading << "\n";
        if (items.empty()) std::cout << "  (none)\n";
        for (const DashboardView::Count& item : items) {
          std::cout << "  " << std::left << std::setw(28) << item.label << std::right
                    << std::setw(6) << item.count << "\n";
        }
      };
      counts("open initiatives by stage", view->by_stage);
      counts("initiatives by department", view->by_department);
      counts("initiatives by lifecycle", view->by_lifecycle);
      std::cout << "median calendar days in stage (completed stays)\n";
      if (view->stage_times.empty()) std::cout << "  (none yet)\n";
      for (const DashboardView::StageTime& time : view->stage_times) {
        std::cout << "  " << std::left << std::setw(28) << time.title << std::right << std::setw(8)
                  << std::fixed << std::setprecision(1) << time.median_days << "  (" << time.stays
                  << " stays)\n";
      }
      std::cout << "overdue stages   " << view->overdue_stages << "\n"
                << "overdue actions  " << view->overdue_actions << "\n"
                << "flagged disparities\n";
      if (view->flagged.empty()) std::cout << "  (none)\n";
      for (const DashboardView::Flagged& item : view->flagged) {
        std::cout << "  " << item.id << "  max risk ratio " << std::fixed << std::setprecision(2)
                  << item.max_risk_ratio << "  " << item.groups << "  " << item.title << " ("
                  << item.department << ")\n";
      }
      return Status::Ok();
    });
  });

  auto history_id = std::make_shared<std::string>();
  CLI::App* history = app.add_subcommand("history", "The timeline of one initiative");
  history->add_option("id", *history_id, "Initiative id")->required();
  OnRun(history, cli, [history_id, &cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& e, const CommandOptions& o) {
      auto entries = e.History(o, *history_id);
      if (!entries.ok()) return entries.status();
      if (cli.globals.json) {
        std::cout << ToJson(*entries) << "\n";
        return Status::Ok();
      }
      for (const HistoryEntry& h : *entries) {
        std::cout << std::right << std::setw(6) << h.seq << "  " << h.at.substr(0, 19) << "  "
                  << std::left << std::setw(14) << h.actor << std::setw(16) << h.role << h.what
                  << (h.note.empty() ? "" : "  \"" + h.note + "\"") << "\n";
      }
      return Status::Ok();
    });
  });
}

}  // namespace equilens::cli
