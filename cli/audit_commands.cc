// `equilens audit verify | head | search | export`: what the ombuds office uses to trust the
// record.
#include <iomanip>
#include <iostream>
#include <memory>

#include "cli.h"

namespace equilens::cli {

void AddAuditCommands(CLI::App& app, Cli& cli) {
  CLI::App* audit = app.add_subcommand("audit", "Prove the record complete and unaltered");
  audit->require_subcommand(1);

  auto expect_head = std::make_shared<std::string>();
  CLI::App* verify = audit->add_subcommand(
      "verify",
      "Walk the hash chain and replay the projections; exit 8 naming the first bad "
      "event");
  verify->add_option("--expect-head", *expect_head,
                     "The head recorded earlier, as `audit head` printed it (\"SEQ HASH\", or the "
                     "hash alone): proves nothing was removed");
  OnRun(verify, cli, [expect_head, &cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& e, const CommandOptions& o) {
      std::optional<std::string> expected;
      if (!expect_head->empty()) expected = *expect_head;
      Result<VerifyOutcome> outcome = e.Verify(o, expected);
      if (!outcome.ok()) return outcome.status();
      if (cli.globals.json) {
        std::cout << ToJson(*outcome) << "\n";
      } else if (outcome->intact) {
        std::cout << "intact: " << outcome->events_checked << " events verified; head "
                  << outcome->head_seq << " " << outcome->head_hash << "\n";
      } else {
        for (const std::string& difference : outcome->projection_differences) {
          std::cerr << "projection differs: " << difference << "\n";
        }
      }
      if (outcome->intact) return Status::Ok();
      return IntegrityError(outcome->problem);
    });
  });

  CLI::App* head = audit->add_subcommand("head", "Print the last sequence number and hash");
  OnRun(head, cli, [&cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& e, const CommandOptions& o) {
      Result<ChainHeadView> view = e.Head(o);
      if (!view.ok()) return view.status();
      if (cli.globals.json) {
        std::cout << "{\"seq\":" << view->seq << ",\"hash\":\"" << view->hash << "\"}\n";
      } else {
        std::cout << view->seq << " " << view->hash << "\n";
      }
      return Status::Ok();
    });
  });

  auto filter = std::make_shared<EventFilter>();
  CLI::App* search = audit->add_subcommand(
      "search", "Events by initiative, person, kind and day, in sequence order");
  search->add_option("--initiative", filter->initiative, "Only this initiative's events");
  search->add_option("--actor", filter->actor, "Only events by this user");
  search->add_option("--kind", filter->kind, "Only this kind of event (stage_advanced, ...)");
  search->add_option("--from", filter->from, "From this day, YYYY-MM-DD (inclusive)");
  search->add_option("--to", filter->to, "To this day, YYYY-MM-DD (inclusive)");
  search->add_option("--limit", filter->limit, "At most this many");
  OnRun(search, cli, [filter, &cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& e, const CommandOptions& o) {
      auto events = e.SearchEvents(o, *filter);
      if (!events.ok()) return events.status();
      if (cli.globals.json) {
        std::cout << ToJson(*events) << "\n";
        return Status::Ok();
      }
      if (events->empty()) std::cout << "no events match\n";
      for (const EventView& event : *events) {
        std::cout << std::right << std::setw(6) << event.seq << "  " << event.at.substr(0, 19)
                  << "  " << std::left << std::setw(13)
                  << (event.initiative.empty() ? "-" : event.initiative) << " " << std::setw(14)
                  << event.actor << event.what << "\n";
      }
      return Status::Ok();
    });
  });

  auto format = std::make_shared<std::string>("jsonl");
  CLI::App* exported = audit->add_subcommand("export", "Every event, in sequence order");
  exported->add_option("--format", *format, "jsonl or csv")->check(CLI::IsMember({"jsonl", "csv"}));
  OnRun(exported, cli, [format, &cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& e, const CommandOptions& o) {
      return e.Export(o, *format, std::cout);
    });
  });
}

}  // namespace equilens::cli
