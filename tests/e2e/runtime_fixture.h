// A database set up with the runtime fixture workflow (tests/data/runtime) and one user of
// each role, for end-to-end tests through the real binary.
#ifndef EQUILENS_TESTS_E2E_RUNTIME_FIXTURE_H_
#define EQUILENS_TESTS_E2E_RUNTIME_FIXTURE_H_

#include <doctest/doctest.h>

#include <string>

#include "support/process.h"

namespace equilens::testing {

// Users: ada (admin), dana (department_head, transportation), omar (department_head,
// nutrition), rey and sam (cesj_reviewer), lee (cesj_lead), olga (ombuds).
struct RuntimeFixture {
  TempDir dir;
  std::string db = dir.File("district.db");
  Cli cli{db};

  explicit RuntimeFixture(const std::string& workflows = SourceDir() +
                                                         "/tests/data/runtime/workflows",
                          const std::string& templates = SourceDir() +
                                                         "/tests/data/runtime/templates") {
    ProcessResult init = RunProcess(EquilensBin(), {"--db", db, "init", "--workflows", workflows,
                                                    "--templates", templates, "--admin", "ada"});
    INFO("init: " << init.out << init.err);
    REQUIRE(init.exit_code == 0);
    cli.Ok("ada", {"user", "add", "dana", "--role", "department_head", "--department",
                   "transportation", "--display", "Dana Ruiz"});
    cli.Ok("ada",
           {"user", "add", "omar", "--role", "department_head", "--department", "nutrition"});
    cli.Ok("ada", {"user", "add", "rey", "--role", "cesj_reviewer"});
    cli.Ok("ada", {"user", "add", "sam", "--role", "cesj_reviewer"});
    cli.Ok("ada", {"user", "add", "lee", "--role", "cesj_lead"});
    cli.Ok("ada", {"user", "add", "olga", "--role", "ombuds"});
  }

  // Files a mini-review initiative as dana and submits the draft; returns its id.
  std::string FileAndSubmit(const std::string& workflow = "mini-review") {
    std::string id =
        cli.Ok("dana", {"file", "--workflow", workflow, "--title", "Later start for high schools",
                        "--department", "transportation"});
    cli.Ok("dana", {"act", id, "submit"});
    return id;
  }

  // Writes answers YAML and fills them as `user`.
  ProcessResult Fill(const std::string& user, const std::string& id, const std::string& yaml) {
    static int counter = 0;
    std::string path = dir.Write("answers-" + std::to_string(++counter) + ".yaml", yaml);
    return cli.Run(user, {"fill", id, "--answers", path});
  }
};

inline int CountOccurrences(const std::string& text, const std::string& needle) {
  int count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

}  // namespace equilens::testing

#endif  // EQUILENS_TESTS_E2E_RUNTIME_FIXTURE_H_
