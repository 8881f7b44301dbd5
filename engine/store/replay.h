// Rebuilding the projections from the event log and comparing them with the live ones.
#ifndef EQUILENS_STORE_REPLAY_H_
#define EQUILENS_STORE_REPLAY_H_

#include <string>
#include <vector>

#include "equilens/status.h"
#include "store/database.h"

namespace equilens {

// Replays every event of `live` into a fresh in-memory database and compares each
// projection table row for row. Returns the differences in words (empty = equal), at most
// kMaxReportedDifferences of them.
inline constexpr std::size_t kMaxReportedDifferences = 20;
Result<std::vector<std::string>> ReplayAndCompare(Database& live);

}  // namespace equilens

#endif  // EQUILENS_STORE_REPLAY_H_
