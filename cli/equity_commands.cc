// `equilens data ID --csv FILE` and `equilens metrics ID`: equity data and its measures.
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli.h"

namespace equilens::cli {
namespace {

Result<DefinitionSource> ReadSource(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return DefinitionSource{path, text.str()};
}

std::string Fixed(const std::optional<double>& value, int digits) {
  if (!value) return "-";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, *value);
  return buffer;
}

void PrintMetrics(const MetricsView& m) {
  if (!m.attached) {
    std::cout << m.id << ": no equity data attached (equilens data " << m.id << " --csv FILE)\n";
    return;
  }
  std::cout << m.id << ": computed from " << m.sources << " by " << m.by << " at " << m.at
            << " (event " << m.seq << ")\n  parameters " << m.parameters_json << "\n";
  std::cout << std::left << std::setw(32) << "  outcome/year/school" << std::setw(28) << "group"
            << std::right << std::setw(7) << "n" << std::setw(7) << "with" << std::setw(8) << "risk"
            << std::setw(8) << "ratio"
            << "  " << std::left << std::setw(21) << "kind"
            << "flag  reason\n";
  for (const MetricRowView& r : m.rows) {
    const std::string cell = r.outcome + "/" + (r.year ? std::to_string(r.year) : "-") + "/" +
                             (r.school.empty() ? "district" : r.school);
    std::cout << "  " << std::left << std::setw(29) << cell << " " << std::setw(28) << r.group
              << std::right << std::setw(7) << r.n << std::setw(7) << r.with_outcome << std::setw(8)
              << Fixed(r.risk, 3) << std::setw(8) << Fixed(r.ratio, 2) << "  " << std::left
              << std::setw(21) << r.ratio_kind
              << (r.flagged ? (r.persistent ? "FLAG* " : "FLAG  ") : "      ") << r.reason << "\n";
  }
  std::cout << "  summary:";
  for (const auto& [name, value] : m.summary) std::cout << " " << name << "=" << value;
  std::cout << "\n";
  if (m.recomputed) std::cout << "  recomputed from the recorded inputs: " << m.recompute << "\n";
}

}  // namespace

void AddEquityCommands(CLI::App& app, Cli& cli) {
  auto id = std::make_shared<std::string>();
  auto csv = std::make_shared<std::string>();
  auto state_csv = std::make_shared<std::string>();
  auto request = std::make_shared<DataRequest>();
  auto favourable = std::make_shared<std::string>();
  auto min_cell = std::make_shared<int>(10);
  auto min_n = std::make_shared<int>(30);
  auto threshold = std::make_shared<double>(3.0);
  auto floor = std::make_shared<double>(0.80);
  auto years = std::make_shared<int>(3);
  auto guards = std::make_shared<WriteGuards>();
  CLI::App* data = app.add_subcommand(
      "data", "Attach subgroup outcome data (CSV) and compute the disparity measures");
  data->add_option("id", *id, "Initiative id")->required();
  data->add_option("--csv", *csv, "group,in_group,with_outcome[,outcome,year,school,favourable]")
      ->required();
  data->add_option("--state-csv", *state_csv, "State comparison figures, for the alternate ratio");
  data->add_option("--outcome", request->outcome, "Outcome name for rows without one");
  data->add_option("--year", request->year, "Year for rows without one");
  data->add_option("--favourable", *favourable, "true or false, for rows without the column")
      ->check(CLI::IsMember({"true", "false"}));
  // Given options are recorded with the computation; absent ones take the defaults.
  CLI::Option* min_cell_option =
      data->add_option("--min-cell", *min_cell, "Minimum students with the outcome");
  CLI::Option* min_n_option = data->add_option("--min-n", *min_n, "Minimum students in a group");
  CLI::Option* threshold_option =
      data->add_option("--threshold", *threshold, "A risk ratio above this is flagged");
  CLI::Option* floor_option =
      data->add_option("--impact-floor", *floor, "An impact ratio below this is flagged");
  CLI::Option* years_option =
      data->add_option("--persistent-years", *years, "Consecutive flagged years = persistent");
  AddWriteGuards(data, *guards);
  OnRun(data, cli, [=, &cli] {
    auto source = ReadSource(*csv);
    if (!source.ok()) return source.status();
    request->csv = *source;
    if (!state_csv->empty()) {
      auto state = ReadSource(*state_csv);
      if (!state.ok()) return state.status();
      request->state = *state;
    }
    if (!favourable->empty()) request->favourable = *favourable == "true";
    if (min_cell_option->count() > 0) request->min_cell = *min_cell;
    if (min_n_option->count() > 0) request->min_n = *min_n;
    if (threshold_option->count() > 0) request->risk_ratio_threshold = *threshold;
    if (floor_option->count() > 0) request->impact_ratio_floor = *floor;
    if (years_option->count() > 0) request->persistent_years = *years;
    return WithEngine(cli.globals, guards.get(), [&](Engine& e, const CommandOptions& o) {
      auto metrics = e.AttachData(o, *id, *request);
      if (!metrics.ok()) return metrics.status();
      if (cli.globals.json) {
        std::cout << ToJson(*metrics) << "\n";
      } else {
        PrintMetrics(*metrics);
        PrintContentChange(metrics->change);
      }
      return Status::Ok();
    });
  });

  auto metrics_id = std::make_shared<std::string>();
  auto recompute = std::make_shared<bool>(false);
  CLI::App* metrics = app.add_subcommand("metrics", "The disparity measures of an initiative");
  metrics->add_option("id", *metrics_id, "Initiative id")->required();
  metrics->add_flag("--recompute", *recompute,
                    "Recompute from the recorded inputs and say whether the results are identical");
  OnRun(metrics, cli, [metrics_id, recompute, &cli] {
    return WithEngine(cli.globals, nullptr, [&](Engine& e, const CommandOptions& o) {
      auto view = e.Metrics(o, *metrics_id, *recompute);
      if (!view.ok()) return view.status();
      if (cli.globals.json) {
        std::cout << ToJson(*view) << "\n";
      } else {
        PrintMetrics(*view);
      }
      return Status::Ok();
    });
  });
}

}  // namespace equilens::cli
