// Engine::Verify, Head and Export: what the ombuds office uses to trust the record.
//
// Verify proves two things: the hash chain is unbroken (every event matches its hash and
// follows its predecessor; with an expected head, nothing after it was removed), and the
// projections are exactly what replaying the events produces.
#include <nlohmann/json.hpp>

#include "equilens/sha256.h"
#include "runtime/engine_impl.h"
#include "store/replay.h"

namespace equilens {
namespace {

// RFC 4180: quote every field, double the quotes inside.
std::string CsvField(const std::string& value) {
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

Result<VerifyOutcome> Engine::Verify(const CommandOptions& options,
                                     const std::optional<std::string>& expect_head) {
  auto scope = impl_->Read(options, Command::kAuditVerify, "");
  if (!scope.ok()) return scope.status();
  // One read transaction: the chain and the projections are compared at one instant.
  auto snapshot = ReadTransaction::Begin(*impl_->db);
  if (!snapshot.ok()) return snapshot.status();
  auto report = impl_->log.Verify(expect_head);
  if (!report.ok()) return report.status();

  VerifyOutcome outcome;
  outcome.events_checked = report->events_checked;
  outcome.first_bad_seq = report->first_bad_seq;
  outcome.problem = report->problem;
  outcome.head_seq = report->head.seq;
  outcome.head_hash = ToHex(report->head.hash);
  outcome.intact = report->intact;
  if (!report->intact) return outcome;

  auto differences = ReplayAndCompare(*impl_->db);
  if (!differences.ok()) return differences.status();
  outcome.projection_differences = std::move(*differences);
  if (!outcome.projection_differences.empty()) {
    outcome.intact = false;
    outcome.problem = std::to_string(outcome.projection_differences.size()) +
                      " projection row(s) differ from a replay of the events; first: " +
                      outcome.projection_differences.front();
  }
  return outcome;
}

Result<ChainHeadView> Engine::Head(const CommandOptions& options) {
  auto scope = impl_->Read(options, Command::kAuditHead, "");
  if (!scope.ok()) return scope.status();
  auto head = impl_->log.Head();
  if (!head.ok()) return head.status();
  return ChainHeadView{head->seq, ToHex(head->hash)};
}

Status Engine::Export(const CommandOptions& options, const std::string& format, std::ostream& out) {
  auto scope = impl_->Read(options, Command::kAuditExport, "");
  if (!scope.ok()) return scope.status();
  if (format != "jsonl" && format != "csv") {
    return UsageError("export formats are jsonl and csv, not " + format);
  }
  auto snapshot = ReadTransaction::Begin(*impl_->db);
  if (!snapshot.ok()) return snapshot.status();
  if (format == "csv") out << "seq,initiative,at,actor,role,kind,payload,hash\r\n";
  return impl_->log.ForEach(1, [&](const StoredEvent& event) {
    if (format == "csv") {
      out << event.seq << ',' << CsvField(event.initiative) << ',' << CsvField(event.at) << ','
          << CsvField(event.actor) << ',' << CsvField(event.role) << ',' << CsvField(event.kind)
          << ',' << CsvField(event.payload) << ',' << ToHex(event.hash) << "\r\n";
    } else {
      nlohmann::json line = {{"seq", event.seq},         {"initiative", event.initiative},
                             {"at", event.at},           {"actor", event.actor},
                             {"role", event.role},       {"kind", event.kind},
                             {"payload", event.payload}, {"hash", ToHex(event.hash)}};
      out << line.dump() << "\n";
    }
    return out ? Status::Ok() : InternalError("could not write the export");
  });
}

}  // namespace equilens
