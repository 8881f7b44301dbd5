// metrics_bench: how long reading a district's outcome CSV and computing its disparity
// measures take, at district scale.
//
// Generates, in memory, 100 schools x 8 groups x 14 outcomes x 5 years = 56,000 rows with
// deterministic pseudo-random counts (4 of the outcomes favourable), then times, as the median
// of several runs: a baseline that only splits the text into lines and fields, the full parse
// (ParseOutcomeCsv), the computation (ComputeDisparities), and the JSON record the event log
// would store (encode + dump) and its recomputation (parse + VerifyComputation).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "equity/disparity.h"
#include "equity/disparity_json.h"
#include "equity/outcome_csv.h"

namespace {

constexpr int kSchools = 100;
constexpr int kOutcomes = 14;
constexpr int kFavourableOutcomes = 4;  // the first four: AP enrolment, gifted, ...
constexpr int kYears = 5;
constexpr int kRuns = 7;
const char* const kGroups[] = {"American Indian or Alaska Native",
                               "Asian",
                               "Black or African American",
                               "Hispanic or Latino",
                               "Native Hawaiian or Other Pacific Islander",
                               "Two or more races",
                               "White",
                               "English learners, \"newcomer\" program"};  // needs quoting

// splitmix64: small, fast, and the same sequence on every machine.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::int64_t Between(std::int64_t low, std::int64_t high) {
    return low + static_cast<std::int64_t>(Next() % static_cast<std::uint64_t>(high - low + 1));
  }

 private:
  std::uint64_t state_;
};

std::string Quote(const std::string& value) {
  if (value.find_first_of(",\"\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string GenerateCsv(std::size_t& rows) {
  Random random(20250601);
  std::string csv = "school,outcome,year,group,in_group,with_outcome,favourable\r\n";
  rows = 0;
  for (int school = 0; school < kSchools; ++school) {
    const std::string school_name = Quote("School " + std::to_string(school + 1));
    for (int outcome = 0; outcome < kOutcomes; ++outcome) {
      const bool favourable = outcome < kFavourableOutcomes;
      const std::string outcome_name = "outcome_" + std::to_string(outcome + 1);
      for (int year = 2021; year < 2021 + kYears; ++year) {
        for (const char* group : kGroups) {
          const std::int64_t in_group = random.Between(5, 600);
          const std::int64_t percent = random.Between(0, favourable ? 70 : 25);
          const std::int64_t with_outcome = in_group * percent / 100;
          csv += school_name + "," + outcome_name + "," + std::to_string(year) + "," +
                 Quote(group) + "," + std::to_string(in_group) + "," +
                 std::to_string(with_outcome) + "," + (favourable ? "true" : "false") + "\r\n";
          ++rows;
        }
      }
    }
  }
  return csv;
}

// The median wall time of kRuns calls, in milliseconds.
double MedianMillis(const std::function<void()>& call) {
  std::vector<double> times;
  for (int i = 0; i < kRuns; ++i) {
    const auto start = std::chrono::steady_clock::now();
    call();
    const auto end = std::chrono::steady_clock::now();
    times.push_back(std::chrono::duration<double, std::milli>(end - start).count());
  }
  std::nth_element(times.begin(), times.begin() + kRuns / 2, times.end());
  return times[kRuns / 2];
}

void Print(const char* what, double millis, std::size_t rows) {
  std::printf("  %-34s %9.2f ms  %12.0f rows/s\n", what, millis, rows / (millis / 1000.0));
}

}  // namespace

int main() {
  std::size_t rows = 0;
  const std::string csv = GenerateCsv(rows);
  std::printf(
      "metrics_bench: %zu rows (%d schools x 8 groups x %d outcomes x %d years), "
      "%.2f MB of CSV; median of %d runs\n",
      rows, kSchools, kOutcomes, kYears, csv.size() / 1e6, kRuns);

  // Baseline: what any reader must do at least, finding line and field ends.
  std::size_t fields = 0;
  const double split = MedianMillis([&] {
    fields = 0;
    std::string_view text = csv;
    for (std::size_t start = 0; start < text.size();) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      const std::string_view line = text.substr(start, end - start);
      fields += 1 + static_cast<std::size_t>(std::count(line.begin(), line.end(), ','));
      start = end + 1;
    }
  });

  equilens::OutcomeTable table;
  const double parse = MedianMillis([&] {
    equilens::Result<equilens::OutcomeTable> parsed =
        equilens::ParseOutcomeCsv("district.csv", csv, {});
    if (!parsed.ok()) {
      std::fprintf(stderr, "parse failed: %s\n", parsed.status().message().c_str());
      std::exit(1);
    }
    table = std::move(parsed).value();
  });

  const equilens::DisparityInputs inputs{table, std::nullopt};
  const equilens::DisparityParameters parameters;
  equilens::DisparityReport report;
  const double compute = MedianMillis([&] {
    equilens::Result<equilens::DisparityReport> computed =
        equilens::ComputeDisparities(inputs, parameters);
    if (!computed.ok()) {
      std::fprintf(stderr, "compute failed: %s\n", computed.status().message().c_str());
      std::exit(1);
    }
    report = std::move(computed).value();
  });

  std::string record;
  const double encode = MedianMillis(
      [&] { record = equilens::EncodeComputation(inputs, parameters, report).dump(); });
  const double verify = MedianMillis([&] {
    const equilens::Status status = equilens::VerifyComputation(nlohmann::json::parse(record));
    if (!status.ok()) {
      std::fprintf(stderr, "verify failed: %s\n", status.ToString().c_str());
      std::exit(1);
    }
  });

  Print("baseline (split lines and fields)", split, rows);
  Print("parse (ParseOutcomeCsv)", parse, rows);
  Print("compute (ComputeDisparities)", compute, rows);
  Print("total (parse + compute)", parse + compute, rows);
  Print("encode record (JSON dump)", encode, rows);
  Print("recompute record (parse + verify)", verify, rows);
  std::printf("  (%zu fields split; parse is %.1fx the baseline)\n", fields, parse / split);

  const std::map<std::string, double> metrics = equilens::SummaryMetrics(report);
  std::printf("result: %zu rows, stored record %.2f MB;", report.rows.size(), record.size() / 1e6);
  for (const auto& [name, value] : metrics) std::printf(" %s=%g", name.c_str(), value);
  std::printf("\n");
  return 0;
}
