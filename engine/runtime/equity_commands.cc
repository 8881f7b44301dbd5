// Engine::AttachData and Metrics: subgroup outcome data in, disparity measures out. The
// computation (equity/) is recorded whole (inputs, parameters, results) in one event, so
// `metrics --recompute` can reproduce it exactly; its summary is what workflow guards read.
#include <set>

#include "equity/disparity.h"
#include "equity/disparity_json.h"
#include "equity/outcome_csv.h"
#include "runtime/command_checks.h"
#include "runtime/content_binding.h"
#include "runtime/engine_impl.h"

namespace equilens {
namespace {

using nlohmann::json;

Result<DisparityParameters> ParametersOf(const DataRequest& request) {
  DisparityParameters parameters;
  if (request.min_cell) parameters.min_cell = *request.min_cell;
  if (request.min_n) parameters.min_n = *request.min_n;
  if (request.risk_ratio_threshold) parameters.risk_ratio_threshold = *request.risk_ratio_threshold;
  if (request.impact_ratio_floor) parameters.impact_ratio_floor = *request.impact_ratio_floor;
  if (request.persistent_years) parameters.persistent_years = *request.persistent_years;
  if (Status status = ValidateParameters(parameters); !status.ok()) return status;
  return parameters;
}

// The new district rows replace earlier rows of the same outcome and year; the rest stay.
OutcomeTable Merge(const OutcomeTable& earlier, const OutcomeTable& added) {
  std::set<std::pair<std::string, int>> replaced;
  for (const OutcomeRow& row : added.rows) replaced.insert({row.outcome, row.year});
  OutcomeTable merged;
  merged.source_name = earlier.source_name;
  for (const OutcomeRow& row : earlier.rows) {
    if (!replaced.count({row.outcome, row.year})) merged.rows.push_back(row);
  }
  if (merged.rows.empty()) merged.source_name.clear();
  const std::string listed = " + " + merged.source_name + " + ";
  if (merged.source_name.empty()) {
    merged.source_name = added.source_name;
  } else if (listed.find(" + " + added.source_name + " + ") == std::string::npos) {
    merged.source_name += " + " + added.source_name;
  }
  merged.rows.insert(merged.rows.end(), added.rows.begin(), added.rows.end());
  return merged;
}

MetricRowView ViewOf(const DisparityRow& row) {
  return {row.outcome,    row.year,
          row.school,     row.group,
          row.n,          row.with_outcome,
          row.risk,       row.comparison_risk,
          row.ratio,      RatioKindName(row.ratio_kind),
          row.gap_points, CellStatusName(row.status),
          row.flagged,    row.persistent,
          row.reason};
}

}  // namespace

Status CheckDataAttach(const InitiativeRecord& initiative, const WorkflowDefinition& workflow,
                       const UserRecord& actor) {
  if (actor.name != initiative.submitter) {
    return Forbidden("equity data on " + initiative.id +
                     " is attached by the person who filed it (" + initiative.submitter + ")");
  }
  const Stage* stage = workflow.FindStage(initiative.stage);
  const bool filer_holds = initiative.lifecycle == LifecycleState::kDraft ||
                           (initiative.lifecycle == LifecycleState::kInReview && stage != nullptr &&
                            stage->owner == kSubmitter);
  if (!filer_holds) {
    return RefusedByRule("equity data is attached to the assessment while the department " +
                         std::string("holds it (a draft, or a stage the filer owns); ") +
                         initiative.id + " is " + LifecycleStateName(initiative.lifecycle) +
                         (initiative.stage.empty() ? "" : " at " + initiative.stage));
  }
  return Status::Ok();
}

Result<MetricsView> MetricsViewOf(const std::string& id, const EquityDataRow& stored) {
  const json record = json::parse(stored.record_json, nullptr, false);
  if (!record.is_object() || !record.contains("results")) {
    return IntegrityError("the stored computation of " + id + " (event " +
                          std::to_string(stored.seq) + ") is not readable");
  }
  auto report = DecodeReport(record["results"]);
  if (!report.ok()) return IntegrityError(report.status().message());
  MetricsView view;
  view.id = id;
  view.attached = true;
  view.seq = stored.seq;
  view.at = stored.at;
  view.by = stored.actor;
  view.sources = stored.sources;
  view.parameters_json = record.value("parameters", json::object()).dump();
  for (const DisparityRow& row : report->rows) view.rows.push_back(ViewOf(row));
  view.summary = SummaryMetrics(*report);
  return view;
}

Result<MetricsView> Engine::AttachData(const CommandOptions& options, const std::string& id,
                                       const DataRequest& request) {
  auto parameters = ParametersOf(request);
  if (!parameters.ok()) return parameters.status();
  CsvOptions csv_options{request.outcome, request.year, request.favourable, false};
  auto district = ParseOutcomeCsv(request.csv.name, request.csv.text, csv_options);
  if (!district.ok()) return district.status();
  std::optional<OutcomeTable> state;
  if (request.state) {
    CsvOptions state_options{request.outcome, request.year, request.favourable, true};
    auto parsed = ParseOutcomeCsv(request.state->name, request.state->text, state_options);
    if (!parsed.ok()) return parsed.status();
    state = std::move(*parsed);
  }

  std::optional<EquityDataRow> stored;
  ContentChange change;
  auto written = impl_->Write(
      options, Command::kDataAttach, id,
      [&](const WriteScope& scope) -> Result<std::vector<PlannedEvent>> {
        const InitiativeRecord& initiative = *scope.initiative;
        auto facts = impl_->Gather(scope.actor, initiative, scope.now);
        if (!facts.ok()) return facts.status();
        if (Status s = CheckDataAttach(initiative, *(*facts)->workflow, scope.actor); !s.ok()) {
          return s;
        }
        DisparityInputs inputs{*district, state};
        if (const auto& earlier = (*facts)->equity_data) {
          auto decoded = DecodeInputs(json::parse(earlier->record_json)["inputs"]);
          if (!decoded.ok()) return IntegrityError(decoded.status().message());
          inputs.district = Merge(decoded->district, *district);
          if (decoded->state) {
            inputs.state = state ? Merge(*decoded->state, *state) : decoded->state;
          }
        }
        auto report = ComputeDisparities(inputs, *parameters);
        if (!report.ok()) {
          // A rule across files (a group twice, an outcome both favourable and adverse): say
          // which file is new and which were there, since lines of both are named.
          if (!(*facts)->equity_data || !ComputeDisparities({*district, state}, *parameters).ok()) {
            return report.status();
          }
          return InvalidInput(request.csv.name + " does not fit the data already attached to " +
                              id + " (" + (*facts)->equity_data->sources + "); nothing was " +
                              "attached:\n" + report.status().message());
        }
        json summary = json::object();
        for (const auto& [name, value] : SummaryMetrics(*report)) summary[name] = value;
        json record = EncodeComputation(inputs, *parameters, *report);
        stored = EquityDataRow{0,
                               scope.now,
                               scope.actor.name,
                               inputs.district.source_name,
                               record.dump(),
                               summary.dump()};
        std::vector<PlannedEvent> events = {{"equity_data_attached",
                                             {{"sources", inputs.district.source_name},
                                              {"record", std::move(record)},
                                              {"summary", std::move(summary)}}}};
        change = VoidApprovalsChangedBy(**facts, scope, "the equity data",
                                        {nullptr, nullptr, &stored}, events);
        return events;
      });
  if (!written.ok()) return written.status();
  if (written->repeated || written->events.empty() || !stored) return Metrics(options, id, false);
  stored->seq = written->events.front().seq;
  auto view = MetricsViewOf(id, *stored);
  if (view.ok()) view->change = std::move(change);
  return view;
}

Result<MetricsView> Engine::Metrics(const CommandOptions& options, const std::string& id,
                                    bool recompute) {
  auto scope = impl_->Read(options, Command::kMetrics, id);
  if (!scope.ok()) return scope.status();
  auto stored = impl_->repo.EquityData(id);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    MetricsView none;
    none.id = id;
    return none;
  }
  auto view = MetricsViewOf(id, **stored);
  if (!view.ok() || !recompute) return view;
  const json record = json::parse((*stored)->record_json, nullptr, false);
  if (Status status = VerifyComputation(record); !status.ok()) {
    return IntegrityError("recomputing " + id + "'s measures (event " +
                          std::to_string((*stored)->seq) +
                          ") does not reproduce them: " + status.message());
  }
  view->recomputed = true;
  view->recompute = "identical";
  return view;
}

}  // namespace equilens
