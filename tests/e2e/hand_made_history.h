// Events with times of the test's choosing, appended through the real event log and applied
// by the real projector, each as the engine would have recorded it: for figures that depend
// on dates (dashboards, deadlines) checked against numbers worked out by hand. `audit verify`
// still proves such a history whole.
#ifndef EQUILENS_TESTS_E2E_HAND_MADE_HISTORY_H_
#define EQUILENS_TESTS_E2E_HAND_MADE_HISTORY_H_

#include <doctest/doctest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "e2e/runtime_fixture.h"
#include "store/database.h"
#include "store/event_log.h"
#include "store/projector.h"

namespace equilens::testing {

class HandMadeHistory {
 public:
  HandMadeHistory(const std::string& db_path, std::string workflow_sha256)
      : workflow_sha256_(std::move(workflow_sha256)) {
    auto opened = Database::Open(db_path, OpenMode::kMustExist);
    REQUIRE_MESSAGE(opened.ok(), opened.status().ToString());
    db_ = std::move(*opened);
  }

  void Add(const std::string& id, const std::string& at, const std::string& actor,
           const std::string& role, const std::string& kind, const nlohmann::json& payload) {
    auto transaction = WriteTransaction::Begin(*db_);
    REQUIRE_MESSAGE(transaction.ok(), transaction.status().ToString());
    EventLog log(*db_);
    auto stored = log.Append({id, at, actor, role, kind, payload.dump()});
    REQUIRE_MESSAGE(stored.ok(), stored.status().ToString());
    Status applied = ApplyEvent(*db_, *stored);
    REQUIRE_MESSAGE(applied.ok(), applied.ToString());
    REQUIRE(transaction->Commit().ok());
  }

  // Filed by a department head (mini-review, the year the id names: "EQ-2024-0001") and
  // submitted at once into the assessment stage, owned by the filer, due `due`.
  void FileAndSubmit(const std::string& id, int number, const std::string& department,
                     const std::string& head, const std::string& at, const std::string& due) {
    Add(id, at, head, "department_head", "initiative_filed",
        {{"id", id},
         {"year", std::stoi(id.substr(3, 4))},
         {"number", number},
         {"title", "Hand-made " + id},
         {"summary", ""},
         {"department", department},
         {"submitter", head},
         {"workflow_id", "mini-review"},
         {"workflow_version", 1},
         {"workflow_sha256", workflow_sha256_},
         {"lifecycle", "draft"}});
    Add(id, at, head, "department_head", "submitted",
        {{"note", ""},
         {"lifecycle", "in_review"},
         {"stage", "assessment"},
         {"owner", "submitter"},
         {"due", due}});
  }

  // `event` moved it from stage `from` to `to`, owned by `owner`, due `due`.
  void Move(const std::string& id, const std::string& at, const std::string& actor,
            const std::string& role, const std::string& event, const std::string& from,
            const std::string& to, const std::string& owner, const std::string& due) {
    Add(id, at, actor, role, "stage_advanced",
        {{"stage", to},
         {"owner", owner},
         {"due", due},
         {"event", event},
         {"from", from},
         {"note", ""},
         {"lifecycle", "in_review"}});
  }

 private:
  std::string workflow_sha256_;
  std::unique_ptr<Database> db_;
};

// The sha256 of the loaded mini-review workflow, as `workflow list` gives it.
inline std::string MiniReviewSha(const Cli& cli) {
  const nlohmann::json definitions =
      nlohmann::json::parse(cli.Ok("ada", {"--json", "workflow", "list"}));
  for (const nlohmann::json& definition : definitions) {
    if (definition["id"] == "mini-review") return definition["sha256"];
  }
  FAIL("mini-review is not loaded");
  return "";
}

}  // namespace equilens::testing

#endif  // EQUILENS_TESTS_E2E_HAND_MADE_HISTORY_H_
