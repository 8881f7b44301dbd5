// ReplayAndCompare: the projector run over the whole log into :memory:, then a row-multiset
// comparison of every projection table.
#include "store/replay.h"

#include <map>

#include "store/event_log.h"
#include "store/projector.h"
#include "store/schema.h"
#include "store/sql.h"

namespace equilens {
namespace {

// Each row as one string (columns separated by a unit separator), counted.
Result<std::map<std::string, int>> RowsOf(Database& db, const std::string& table) {
  std::map<std::string, int> rows;
  Status status = SqlQuery(db, "SELECT * FROM " + table, {}, [&](const SqlRow& row) {
    std::string encoded;
    for (int column = 0; column < row.Columns(); ++column) {
      if (column > 0) encoded += " | ";
      encoded += row.IsNull(column) ? "NULL" : row.Text(column);
    }
    ++rows[encoded];
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return rows;
}

std::string Shorten(const std::string& row) {
  constexpr std::size_t kShown = 160;  // characters of a row shown in a report
  return row.size() <= kShown ? row : row.substr(0, kShown) + "...";
}

}  // namespace

Result<std::vector<std::string>> ReplayAndCompare(Database& live) {
  auto replayed = Database::Open(":memory:", OpenMode::kCreateIfMissing);
  if (!replayed.ok()) return replayed.status();
  Database& memory = **replayed;
  if (Status status = Migrate(memory); !status.ok()) return status;
  {
    auto transaction = WriteTransaction::Begin(memory);
    if (!transaction.ok()) return transaction.status();
    EventLog log(live);
    Status status =
        log.ForEach(1, [&](const StoredEvent& event) { return ApplyEvent(memory, event); });
    if (!status.ok()) return status;
    if (Status commit = transaction->Commit(); !commit.ok()) return commit;
  }

  std::vector<std::string> differences;
  for (const std::string& table : ProjectionTables()) {
    auto expected = RowsOf(memory, table);
    if (!expected.ok()) return expected.status();
    auto actual = RowsOf(live, table);
    if (!actual.ok()) return actual.status();
    for (const auto& [row, count] : *actual) {
      auto it = expected->find(row);
      if (it == expected->end() || it->second < count) {
        differences.push_back(table + ": a row no event explains: " + Shorten(row));
      }
    }
    for (const auto& [row, count] : *expected) {
      auto it = actual->find(row);
      if (it == actual->end() || it->second < count) {
        differences.push_back(table +
                              ": a row the events require is missing or changed: " + Shorten(row));
      }
    }
    if (differences.size() >= kMaxReportedDifferences) {
      differences.resize(kMaxReportedDifferences);
      break;
    }
  }
  return differences;
}

}  // namespace equilens
