// Group commit, for a process where many threads write (the server): commands handed to Run
// from any thread run one at a time on one writer thread and one Engine, and the commands
// that arrive while a commit is on disk share the next transaction and its one fsync. Each
// command is still all-or-nothing on its own (a savepoint in the shared transaction), and Run
// returns only once its command is durable, so nothing is reported done before it is.
#ifndef EQUILENS_GROUP_COMMIT_H_
#define EQUILENS_GROUP_COMMIT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "equilens/engine.h"
#include "equilens/status.h"

namespace equilens {

class GroupCommitter {
 public:
  // Opens the writer's Engine on `db_path` (Engine::Open's errors) and starts its thread.
  // `max_batch` bounds how many commands share one commit, and so how long the last of them
  // waits for the first.
  static Result<std::unique_ptr<GroupCommitter>> Start(const std::string& db_path,
                                                       int max_batch = 64);

  // Runs every command already handed in, then stops the writer thread.
  ~GroupCommitter();
  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  // Runs `work` on the writer's Engine (alone: `work` must not keep the reference) and waits
  // until the transaction holding what it recorded is committed. ok: all of it is durable.
  // Otherwise the commit failed and none of it was kept, so whatever `work` concluded must
  // not be reported as done. A work that throws leaves nothing recorded (it runs in a
  // savepoint of its own); the exception is rethrown here, after the rest of its batch is
  // committed, and the writer then opens a fresh Engine.
  Status Run(const std::function<void(Engine&)>& work);

  struct Counts {
    std::uint64_t commands = 0;  // works run
    std::uint64_t commits = 0;   // transactions committed (each one fsync)
    std::uint64_t waiting = 0;   // handed in, not yet taken up by the writer
  };
  Counts counts() const;

 private:
  struct State;
  explicit GroupCommitter(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace equilens

#endif  // EQUILENS_GROUP_COMMIT_H_
