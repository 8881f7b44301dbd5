// `equilens init`, `user add|set|list|passwd|invite`, `workflow load|list`: setting up a
// district.
#include <termios.h>
#include <unistd.h>

#include <iomanip>
#include <iostream>
#include <memory>

#include "cli.h"

namespace equilens::cli {
namespace {

// One line of standard input without its line ending; echo off when it is a terminal.
std::string ReadSecretLine(const char* prompt) {
  const bool terminal = isatty(STDIN_FILENO) == 1;
  termios saved{};
  if (terminal) {
    std::cerr << prompt << std::flush;
    if (tcgetattr(STDIN_FILENO, &saved) == 0) {
      termios quiet = saved;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  }
  std::string line;
  std::getline(std::cin, line);
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::cerr << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// `text` as a JSON string literal (a base URL may hold anything).
std::string JsonString(const std::string& text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    // Control characters have no place in a URL; JSON would need them escaped.
    if (static_cast<unsigned char>(c) < 0x20) continue;
    quoted += c;
  }
  return quoted + "\"";
}

// The new password: one line of standard input, or typed twice at a terminal.
Result<std::string> ReadNewPassword() {
  std::string password = ReadSecretLine("New password: ");
  if (isatty(STDIN_FILENO) == 1 && ReadSecretLine("Again: ") != password) {
    return UsageError("the two passwords differ; nothing was changed");
  }
  if (password.empty()) return UsageError("no password on standard input; nothing was changed");
  return password;
}

void PrintDefinitions(const std::vector<DefinitionInfo>& definitions, bool json) {
  if (json) {
    std::cout << ToJson(definitions) << "\n";
    return;
  }
  for (const DefinitionInfo& d : definitions) {
    std::cout << std::left << std::setw(9) << d.kind << std::setw(28) << d.id << " v"
              << std::setw(3) << d.version << " " << d.sha256.substr(0, 12) << "  " << d.title
              << "\n";
  }
}

void AddInit(CLI::App& app, Cli& cli) {
  auto options = std::make_shared<InitOptions>();
  CLI::App* init = app.add_subcommand(
      "init",
      "Create or upgrade the database, load workflows, forms and calendars, add the first admin");
  init->add_option("--workflows", options->workflows_dir, "Folder of workflows (default: shipped)");
  init->add_option("--templates", options->forms_dir,
                   "Templates folder; forms are read from its forms/ (default: shipped)");
  init->add_option("--calendars", options->calendars_dir,
                   "Folder of district calendars (default: calendars/ beside the workflows "
                   "folder, when there is one)");
  init->add_option("--admin", options->admin, "User name of the first admin");
  OnRun(init, cli, [options, &cli]() -> Status {
    InitOptions run = *options;
    run.db_path = cli.globals.db_path;
    if (!run.forms_dir.empty()) run.forms_dir += "/forms";
    Result<InitReport> report = Engine::Init(run);
    if (!report.ok()) return report.status();
    if (cli.globals.json) {
      std::cout << ToJson(*report) << "\n";
      return Status::Ok();
    }
    std::cout << (report->created ? "created " : "opened ") << cli.globals.db_path << " (schema v"
              << report->schema_version << ")\n";
    for (const std::string& line : report->loaded) std::cout << "loaded " << line << "\n";
    if (report->admin_added) std::cout << "added admin " << options->admin << "\n";
    return Status::Ok();
  });
}

void AddUserCommands(CLI::App& app, Cli& cli) {
  CLI::App* user = app.add_subcommand("user", "People and their roles (admin)");
  user->require_subcommand(1);

  auto added = std::make_shared<UserInfo>();
  CLI::App* add = user->add_subcommand("add", "Add a user");
  add->add_option("name", added->name, "User name (login)")->required();
  add->add_option("--role", added->role,
                  "department_head, cesj_reviewer, cesj_lead, ombuds or admin")
      ->required();
  add->add_option("--department", added->department, "Department (department heads)");
  add->add_option("--display", added->display, "Full name as people read it");
  add->add_option("--email", added->email, "Where their notifications go");
  add->add_option("--notify", added->notify,
                  "immediate (a message each, the default), digest (one a day) or off");
  OnRun(add, cli, [added, &cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& engine, const CommandOptions& options) {
      Status status = engine.AddUser(options, *added);
      if (status.ok() && !cli.globals.json) std::cout << "added " << added->name << "\n";
      return status;
    });
  });

  auto changed = std::make_shared<Engine::UserChange>();
  auto active = std::make_shared<std::string>();
  CLI::App* set = user->add_subcommand("set", "Change a user's role, department, name or status");
  set->add_option("name", changed->name, "User name")->required();
  set->add_option("--role", changed->role, "New role");
  set->add_option("--department", changed->department, "New department");
  set->add_option("--display", changed->display, "New full name");
  set->add_option("--active", *active, "yes or no (a disabled user can run nothing)")
      ->check(CLI::IsMember({"yes", "no"}));
  set->add_option("--email", changed->email, "New e-mail address (\"\" for none)");
  set->add_option("--notify", changed->notify, "immediate, digest or off");
  OnRun(set, cli, [changed, active, &cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& engine, const CommandOptions& options) {
      Engine::UserChange update = *changed;
      if (!active->empty()) update.active = *active == "yes";  // CLI11 allows only yes or no
      Status status = engine.UpdateUser(options, update);
      if (status.ok() && !cli.globals.json) std::cout << "updated " << changed->name << "\n";
      return status;
    });
  });

  auto passwd_name = std::make_shared<std::string>();
  CLI::App* passwd = user->add_subcommand(
      "passwd", "Set a password (yours, or anyone's as admin), read from standard input");
  passwd->add_option("name", *passwd_name, "User name")->required();
  OnRun(passwd, cli, [passwd_name, &cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& engine, const CommandOptions& options) {
      auto password = ReadNewPassword();
      if (!password.ok()) return password.status();
      Status status = engine.SetPassword(options, *passwd_name, *password);
      if (status.ok() && !cli.globals.json) {
        std::cout << "password set for " << *passwd_name << "\n";
      }
      return status;
    });
  });

  auto invited = std::make_shared<std::string>();
  auto base_url = std::make_shared<std::string>("http://127.0.0.1:8080");
  CLI::App* invite = user->add_subcommand(
      "invite", "Make a one-time link for a user to set their own password (admin)");
  invite->add_option("name", *invited, "User name")->required();
  invite->add_option("--base-url", *base_url, "The web application's address")
      ->capture_default_str();
  OnRun(invite, cli, [invited, base_url, &cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& engine, const CommandOptions& options) {
      std::string expires_at;
      auto token = engine.Invite(options, *invited, SessionPolicy{}, &expires_at);
      if (!token.ok()) return token.status();
      std::string base = *base_url;
      while (!base.empty() && base.back() == '/') base.pop_back();
      const std::string link = base + "/invitation/" + *token;
      if (cli.globals.json) {
        std::cout << "{\"user\": " << JsonString(*invited) << ", \"link\": " << JsonString(link)
                  << ", \"expires_at\": " << JsonString(expires_at) << "}\n";
      } else {
        std::cout << link << "\n"
                  << "works once, until " << expires_at << " (UTC); give it to " << *invited
                  << " privately\n";
      }
      return Status::Ok();
    });
  });

  auto choice = std::make_shared<Engine::MailChoice>();
  CLI::App* mail = user->add_subcommand(
      "mail", "Where a user's notifications go and how: yours, or anyone's as admin");
  mail->add_option("name", choice->name, "User name")->required();
  mail->add_option("--email", choice->email, "E-mail address (\"\" for none)");
  mail->add_option("--notify", choice->notify,
                   "immediate (a message each), digest (one a day) or off");
  OnRun(mail, cli, [choice, &cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& engine, const CommandOptions& options) {
      Status status = engine.SetMailChoice(options, *choice);
      if (status.ok() && !cli.globals.json) std::cout << "updated " << choice->name << "\n";
      return status;
    });
  });

  CLI::App* list = user->add_subcommand("list", "List users");
  OnRun(list, cli, [&cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& engine, const CommandOptions& options) {
      auto users = engine.ListUsers(options);
      if (!users.ok()) return users.status();
      if (cli.globals.json) {
        std::cout << ToJson(*users) << "\n";
        return Status::Ok();
      }
      for (const UserInfo& u : *users) {
        std::cout << std::left << std::setw(16) << u.name << std::setw(17) << u.role
                  << std::setw(20) << u.department << (u.active ? "" : "(disabled) ") << u.display
                  << (u.email.empty() ? "" : " <" + u.email + ">")
                  << (u.notify == "immediate" ? "" : " (mail: " + u.notify + ")") << "\n";
      }
      return Status::Ok();
    });
  });
}

}  // namespace

void AddAdminCommands(CLI::App& app, Cli& cli) {
  AddInit(app, cli);
  AddUserCommands(app, cli);

  CLI::App* workflow = app.get_subcommand("workflow");
  auto files = std::make_shared<std::vector<std::string>>();
  auto forms_dir = std::make_shared<std::string>();
  CLI::App* load = workflow->add_subcommand(
      "load",
      "Load workflow, form and calendar files into the database (admin); validated whole first");
  load->add_option("files", *files, "Definition files")->required()->check(CLI::ExistingFile);
  load->add_option("--forms", *forms_dir, "Folder of forms not already loaded");
  OnRun(load, cli, [files, forms_dir, &cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& engine, const CommandOptions& options) {
      auto loaded = engine.LoadDefinitions(options, *files, *forms_dir);
      if (!loaded.ok()) return loaded.status();
      if (loaded->empty() && !cli.globals.json) std::cout << "nothing new to load\n";
      PrintDefinitions(*loaded, cli.globals.json);
      return Status::Ok();
    });
  });

  CLI::App* list = workflow->add_subcommand("list", "List loaded workflows, forms and calendars");
  OnRun(list, cli, [&cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& engine, const CommandOptions& options) {
      auto definitions = engine.ListDefinitions(options);
      if (!definitions.ok()) return definitions.status();
      PrintDefinitions(*definitions, cli.globals.json);
      return Status::Ok();
    });
  });
}

}  // namespace equilens::cli
