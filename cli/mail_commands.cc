// `equilens deliver`, `outbox list|retry`: sending the notification outbox by e-mail and seeing
// what it holds (docs/notifications.md).
#include <iomanip>
#include <iostream>
#include <memory>

#include "cli.h"

namespace equilens::cli {
namespace {

void PrintDelivery(const DeliveryReport& report) {
  std::cout << "sent " << report.messages_sent << " message(s) carrying "
            << report.notifications_sent << " notification(s); " << report.retrying
            << " to try again; " << report.failed << " failed\n";
  for (const std::string& problem : report.problems) std::cout << "  " << problem << "\n";
}

void PrintOutbox(const OutboxView& view) {
  std::cout << "outbox: " << view.pending << " pending, " << view.sent << " sent, " << view.failed
            << " failed\n";
  for (const OutboxEntry& e : view.entries) {
    std::cout << std::left << std::setw(6) << e.id << std::setw(8) << e.status << std::setw(19)
              << e.kind << std::setw(14) << e.recipient << std::setw(14) << e.initiative << "event "
              << e.event_seq << (e.digest ? ", digest" : "");
    if (e.attempts > 0) std::cout << ", " << e.attempts << " attempt(s)";
    if (e.status == "pending" && !e.next_attempt_at.empty()) {
      std::cout << ", next " << e.next_attempt_at;
    }
    if (!e.sent_at.empty()) std::cout << ", sent " << e.sent_at;
    std::cout << "\n";
    if (!e.last_error.empty()) std::cout << "      " << e.last_error << "\n";
  }
}

}  // namespace

void AddMailCommands(CLI::App& app, Cli& cli) {
  auto settings_path = std::make_shared<std::string>();
  auto request = std::make_shared<DeliveryRequest>();
  CLI::App* deliver = app.add_subcommand(
      "deliver",
      "Send what the notification outbox holds through the district's mail server (cron, a "
      "systemd timer; `serve --mail-settings` runs it itself), admin");
  deliver
      ->add_option("--settings", *settings_path, "The mail settings file (docs/notifications.md)")
      ->required();
  deliver->add_option("--limit", request->limit, "At most this many notifications in one run")
      ->check(CLI::Range(1, 10000));
  deliver->add_flag("--digests-now", request->digests_now,
                    "Send waiting daily digests now rather than at the settings' digest_time");
  OnRun(deliver, cli, [settings_path, request, &cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& engine, const CommandOptions& options) {
      auto settings = LoadMailSettings(*settings_path);
      if (!settings.ok()) return settings.status();
      auto report = engine.DeliverMail(options, *settings, *request);
      if (!report.ok()) return report.status();
      if (cli.globals.json) {
        std::cout << ToJson(*report) << "\n";
      } else {
        PrintDelivery(*report);
      }
      return Status::Ok();
    });
  });

  CLI::App* outbox = app.add_subcommand("outbox", "The notification outbox (admin)");
  outbox->require_subcommand(1);
  auto status = std::make_shared<std::string>();
  auto shown = std::make_shared<int>(50);
  CLI::App* list = outbox->add_subcommand("list", "Counts, and the newest notifications");
  list->add_option("--status", *status, "pending, sent or failed (default: any)");
  list->add_option("--limit", *shown, "Show at most this many")->check(CLI::Range(1, 100000));
  OnRun(list, cli, [status, shown, &cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& engine, const CommandOptions& options) {
      auto view = engine.ListOutbox(options, *status, *shown);
      if (!view.ok()) return view.status();
      if (cli.globals.json) {
        std::cout << ToJson(*view) << "\n";
      } else {
        PrintOutbox(*view);
      }
      return Status::Ok();
    });
  });

  auto id = std::make_shared<std::int64_t>(0);
  CLI::App* retry =
      outbox->add_subcommand("retry", "Send a failed notification again, once its cause is fixed");
  retry->add_option("id", *id, "The outbox id (outbox list --status failed)")->required();
  OnRun(retry, cli, [id, &cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& engine, const CommandOptions& options) {
      Status result = engine.RetryOutbox(options, *id);
      if (result.ok() && !cli.globals.json) std::cout << "outbox " << *id << " queued again\n";
      return result;
    });
  });
}

}  // namespace equilens::cli
