// GroupCommitter: works handed in together share one commit, each still all-or-nothing;
// Run returns only once its work is durable; a work that throws takes nobody else with it.
#include "equilens/group_commit.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "runtime/auth_fixture.h"

namespace equilens::testing {
namespace {

std::unique_ptr<GroupCommitter> StartCommitter(const std::string& db) {
  Result<std::unique_ptr<GroupCommitter>> committer = GroupCommitter::Start(db);
  REQUIRE_MESSAGE(committer.ok(), committer.status().ToString());
  return std::move(*committer);
}

UserInfo Reviewer(const std::string& name) {
  return UserInfo{name, "cesj_reviewer", "", "", true, "", "immediate"};
}

// Waits (without a deadline: ctest's timeout is the limit) until `committer` holds `count`
// works it has not taken up yet.
void AwaitWaiting(const GroupCommitter& committer, std::uint64_t count) {
  while (committer.counts().waiting < count) std::this_thread::yield();
}

void ExpectIntact(Engine& engine) {
  Result<VerifyOutcome> verified = engine.Verify(AuthFixture::As("ada"), std::nullopt);
  REQUIRE_MESSAGE(verified.ok(), verified.status().ToString());
  CHECK_MESSAGE(verified->intact, verified->problem);
}

}  // namespace

TEST_CASE("works that wait together share one commit, and each is all-or-nothing") {
  AuthFixture fixture;
  auto committer = StartCommitter(fixture.db);

  // The first work holds the writer until seven more are waiting behind it.
  std::promise<void> started, release;
  std::shared_future<void> released = release.get_future().share();
  std::vector<std::future<Status>> results;
  results.push_back(std::async(std::launch::async, [&] {
    Status added;
    Status durable = committer->Run([&](Engine& engine) {
      started.set_value();
      released.wait();
      added = engine.AddUser(AuthFixture::As("ada"), Reviewer("first"));
    });
    return durable.ok() ? added : durable;
  }));
  started.get_future().wait();
  std::vector<std::string> refused(7);
  for (int i = 0; i < 7; ++i) {
    results.push_back(std::async(std::launch::async, [&, i] {
      Status added;
      Status durable = committer->Run([&](Engine& engine) {
        // Every third one is refused inside its transaction (a name already taken), and a
        // refusal must leave nothing of itself.
        const std::string name = i % 3 == 2 ? "rey" : "user" + std::to_string(i);
        added = engine.AddUser(AuthFixture::As("ada"), Reviewer(name));
      });
      return durable.ok() ? added : durable;
    }));
  }
  AwaitWaiting(*committer, 7);
  release.set_value();

  int ok = 0, refusals = 0;
  for (auto& result : results) {
    const Status status = result.get();
    if (status.ok()) {
      ++ok;
    } else {
      ++refusals;
      CHECK(status.category() == ErrorCategory::kConflict);
    }
  }
  CHECK(ok == 6);        // first, and user0, 1, 3, 4, 6
  CHECK(refusals == 2);  // the two "rey"s
  const GroupCommitter::Counts counts = committer->counts();
  CHECK(counts.commands == 8);
  CHECK(counts.commits == 2);  // the first alone, then the seven that waited behind it

  // What Run reported done is there for any other connection, and nothing refused is.
  Result<std::vector<UserInfo>> users = fixture.engine->ListUsers(AuthFixture::As("ada"));
  REQUIRE(users.ok());
  std::vector<std::string> names;
  for (const UserInfo& user : *users) names.push_back(user.name);
  for (const char* name : {"first", "user0", "user1", "user3", "user4", "user6"}) {
    CHECK_MESSAGE(std::find(names.begin(), names.end(), name) != names.end(), name);
  }
  CHECK(std::count(names.begin(), names.end(), "rey") == 1);
  CHECK(names.size() == 4 + 6);
  ExpectIntact(*fixture.engine);
}

TEST_CASE("a work that throws leaves nothing and is rethrown to its caller alone") {
  AuthFixture fixture;
  auto committer = StartCommitter(fixture.db);
  std::promise<void> started, release;
  std::shared_future<void> released = release.get_future().share();

  auto blocker = std::async(std::launch::async, [&] {
    return committer->Run([&](Engine&) {
      started.set_value();
      released.wait();
    });
  });
  started.get_future().wait();
  auto before = std::async(std::launch::async, [&] {
    return committer->Run([&](Engine& engine) {
      REQUIRE(engine.AddUser(AuthFixture::As("ada"), Reviewer("before")).ok());
    });
  });
  AwaitWaiting(*committer, 1);
  auto thrower = std::async(std::launch::async, [&] {
    return committer->Run([&](Engine& engine) {
      // Half a command, then a throw: what it wrote goes with it.
      REQUIRE(engine.AddUser(AuthFixture::As("ada"), Reviewer("thrower")).ok());
      throw std::runtime_error("a bug in a handler");
    });
  });
  AwaitWaiting(*committer, 2);
  auto after = std::async(std::launch::async, [&] {
    return committer->Run([&](Engine& engine) {
      REQUIRE(engine.AddUser(AuthFixture::As("ada"), Reviewer("after")).ok());
    });
  });
  AwaitWaiting(*committer, 3);
  release.set_value();

  CHECK(blocker.get().ok());
  CHECK(before.get().ok());
  CHECK_THROWS_WITH_AS(thrower.get(), "a bug in a handler", std::runtime_error);
  CHECK(after.get().ok());  // run on a fresh Engine, in the next batch

  Result<std::vector<UserInfo>> users = fixture.engine->ListUsers(AuthFixture::As("ada"));
  REQUIRE(users.ok());
  std::vector<std::string> names;
  for (const UserInfo& user : *users) names.push_back(user.name);
  CHECK(std::find(names.begin(), names.end(), "before") != names.end());
  CHECK(std::find(names.begin(), names.end(), "after") != names.end());
  // "thrower"'s AddUser was complete before the throw, but its caller was told of a failure,
  // so it is not kept.
  CHECK(std::find(names.begin(), names.end(), "thrower") == names.end());
  ExpectIntact(*fixture.engine);
}

TEST_CASE("works from many threads are all recorded, in fewer commits than works") {
  AuthFixture fixture;
  auto committer = StartCommitter(fixture.db);
  constexpr int kThreads = 8;
  constexpr int kEach = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        Status added;
        const std::string name = "u" + std::to_string(t) + "x" + std::to_string(i);
        Status durable = committer->Run([&](Engine& engine) {
          added = engine.AddUser(AuthFixture::As("ada"), Reviewer(name));
        });
        if (!durable.ok() || !added.ok()) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(failures == 0);
  Result<std::vector<UserInfo>> users = fixture.engine->ListUsers(AuthFixture::As("ada"));
  REQUIRE(users.ok());
  CHECK(users->size() == 4 + kThreads * kEach);  // ada, dana, rey, olga and every one added
  CHECK(committer->counts().commands == kThreads * kEach);
  CHECK(committer->counts().commits <= kThreads * kEach);
  ExpectIntact(*fixture.engine);
}

TEST_CASE("a committer's destruction runs what was handed in before it stops") {
  AuthFixture fixture;
  auto committer = StartCommitter(fixture.db);
  std::promise<void> started, release;
  std::shared_future<void> released = release.get_future().share();
  auto blocker = std::async(std::launch::async, [&] {
    return committer->Run([&](Engine& engine) {
      started.set_value();
      released.wait();
      REQUIRE(engine.AddUser(AuthFixture::As("ada"), Reviewer("early")).ok());
    });
  });
  started.get_future().wait();  // the writer holds the blocker alone
  auto queued = std::async(std::launch::async, [&] {
    return committer->Run([&](Engine& engine) {
      REQUIRE(engine.AddUser(AuthFixture::As("ada"), Reviewer("late")).ok());
    });
  });
  AwaitWaiting(*committer, 1);
  std::thread stopper([&] { committer.reset(); });
  release.set_value();
  stopper.join();
  CHECK(blocker.get().ok());
  CHECK(queued.get().ok());
  Result<std::vector<UserInfo>> users = fixture.engine->ListUsers(AuthFixture::As("ada"));
  REQUIRE(users.ok());
  CHECK(users->size() == 6);
}

}  // namespace equilens::testing
