// The parallel link checker on its own: with several helpers finishing batches in any order,
// it names the lowest numbered broken link, and it stops cleanly when abandoned.
#include "store/link_checker.h"

#include <doctest/doctest.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace equilens {
namespace {

// `count` chained events; the stored hashes of the seqs in `corrupt` are altered.
struct Chain {
  std::vector<std::string> payloads;
  std::vector<Sha256Digest> stored;  // stored[i] is event i+1's

  Chain(int count, const std::set<std::int64_t>& corrupt) {
    std::string scratch;
    Sha256Digest previous = kGenesisHash;
    for (int n = 1; n <= count; ++n) {
      payloads.push_back("{\"n\":" + std::to_string(n) + "}");
      Sha256Digest hash = ChainHash(previous, Fields(n), &scratch);
      previous = hash;  // the true chain continues; only the stored copy is altered
      if (corrupt.count(n) != 0) hash[7] ^= 0x40;
      stored.push_back(hash);
    }
  }

  EventFields Fields(std::int64_t seq) const {
    return {seq,
            "EQ-2026-0001",
            "2026-01-01T00:00:00.000Z",
            "a",
            "r",
            "k",
            payloads[static_cast<std::size_t>(seq - 1)]};
  }
  std::string_view Stored(std::int64_t seq) const {
    const Sha256Digest& hash = stored[static_cast<std::size_t>(seq - 1)];
    return {reinterpret_cast<const char*>(hash.data()), hash.size()};
  }
  const Sha256Digest& Previous(std::int64_t seq) const {
    return seq == 1 ? kGenesisHash : stored[static_cast<std::size_t>(seq - 2)];
  }

  // Feeds every link to a checker with `threads` helpers, as Verify does.
  std::optional<BrokenLink> Check(int threads) const {
    LinkChecker checker(threads);
    LinkBatch* batch = checker.Acquire();
    for (std::int64_t seq = 1; seq <= static_cast<std::int64_t>(stored.size()); ++seq) {
      batch->Add(Previous(seq), Fields(seq), Stored(seq));
      if (batch->full()) {
        checker.Submit(batch);
        batch = checker.Acquire();
      }
    }
    checker.Submit(batch);
    return checker.Finish();
  }
};

}  // namespace

TEST_CASE("every link of an intact chain holds, with any number of helpers") {
  const Chain chain(3 * static_cast<int>(LinkBatch::kCapacity) + 17, {});
  for (int threads : {1, 2, 4}) {
    CAPTURE(threads);
    CHECK_FALSE(chain.Check(threads).has_value());
  }
}

TEST_CASE("the lowest broken link is named whichever helper finds one first") {
  const std::int64_t capacity = static_cast<std::int64_t>(LinkBatch::kCapacity);
  const std::int64_t first = capacity + 5;  // in the second batch
  // Broken links in later batches too, which other helpers may report earlier.
  const Chain chain(static_cast<int>(6 * capacity),
                    {first, 3 * capacity, 5 * capacity + 1, 6 * capacity});
  for (int threads : {1, 3, 4}) {
    CAPTURE(threads);
    std::optional<BrokenLink> broken = chain.Check(threads);
    REQUIRE(broken.has_value());
    CHECK(broken->seq == first);
    CHECK(broken->previous_hash == chain.stored[static_cast<std::size_t>(first - 2)]);
  }
}

TEST_CASE("a broken first link names event 1 and the genesis before it") {
  const Chain chain(10, {1});
  std::optional<BrokenLink> broken = chain.Check(2);
  REQUIRE(broken.has_value());
  CHECK(broken->seq == 1);
  CHECK(broken->previous_hash == kGenesisHash);
}

TEST_CASE("a checker abandoned before Finish stops without checking the rest") {
  const Chain chain(2 * static_cast<int>(LinkBatch::kCapacity), {});
  LinkChecker checker(2);
  LinkBatch* batch = checker.Acquire();
  for (std::int64_t seq = 1; seq <= 100; ++seq) {
    batch->Add(chain.Previous(seq), chain.Fields(seq), chain.Stored(seq));
  }
  checker.Submit(batch);
  // The destructor joins the helpers: the test ends rather than hangs.
}

}  // namespace equilens
