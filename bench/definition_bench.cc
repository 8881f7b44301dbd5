// definition_bench: how long loading a definition takes, and how long refusing a hostile one
// takes.
//
// Loads (reads, pre-scans, parses, checks schema and meaning) each shipped form and workflow
// many times and prints the median per file; then refuses each file of the adversarial corpus
// and the huge and deep texts the tests generate, and prints each median and the slowest.
// Falls back to the test fixtures when the shipped folders are missing or empty.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "equilens/definition.h"

namespace {

namespace fs = std::filesystem;
using equilens::DefinitionSet;
using equilens::Diagnostic;

constexpr int kLoadRuns = 200;  // per shipped file
constexpr int kRefuseRuns = 5;  // per hostile file; the big ones take milliseconds

// The median wall time of `runs` calls, in microseconds.
double MedianMicros(int runs, const std::function<void()>& call) {
  std::vector<double> times;
  times.reserve(runs);
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    call();
    const auto end = std::chrono::steady_clock::now();
    times.push_back(std::chrono::duration<double, std::micro>(end - start).count());
  }
  std::nth_element(times.begin(), times.begin() + runs / 2, times.end());
  return times[runs / 2];
}

std::vector<std::string> YamlFiles(const fs::path& dir) {
  std::vector<Diagnostic> ignored;  // the shipped folders exist; a test checks them
  return equilens::YamlFilesIn(dir.string(), ignored);
}

// Reads and parses `path` as a form or a workflow (by its first key); returns the diagnostics.
std::vector<Diagnostic> Load(const std::string& path, const equilens::FormLookup& forms) {
  std::vector<Diagnostic> errors;
  equilens::Result<equilens::DefinitionSource> source = equilens::ReadDefinitionFile(path);
  if (!source.ok()) {
    errors.push_back({path, {}, source.status().message()});
  } else if (equilens::SniffDefinitionKind(*source) == equilens::DefinitionKind::kForm) {
    (void)equilens::ParseForm(*source, errors);
  } else {
    (void)equilens::ParseWorkflow(*source, forms, errors);
  }
  return errors;
}

std::string Repeat(const std::string& piece, std::size_t times) {
  std::string text;
  text.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) text += piece;
  return text;
}

}  // namespace

int main() {
  const fs::path root = EQUILENS_SOURCE_DIR;
  fs::path forms_dir = root / "templates" / "forms";
  fs::path workflows_dir = root / "workflows";
  if (YamlFiles(forms_dir).empty() || YamlFiles(workflows_dir).empty()) {
    std::printf("(shipped definitions not found; using the test fixtures)\n");
    forms_dir = root / "tests" / "data" / "definitions" / "valid" / "forms";
    workflows_dir = root / "tests" / "data" / "definitions" / "valid" / "workflows";
  }
  std::vector<Diagnostic> errors;
  const DefinitionSet set =
      equilens::LoadDefinitionDirs(forms_dir.string(), workflows_dir.string(), errors);
  for (const Diagnostic& error : errors) std::printf("warning: %s\n", error.ToString().c_str());
  const equilens::FormLookup lookup = set.Lookup();

  std::printf(
      "Loading a definition (read + pre-scan + parse + schema + meaning), median of %d "
      "runs per file:\n",
      kLoadRuns);
  for (const fs::path& dir : {forms_dir, workflows_dir}) {
    for (const std::string& path : YamlFiles(dir)) {
      const double micros = MedianMicros(kLoadRuns, [&] { Load(path, lookup); });
      std::printf("  %-44s %8.1f us  (%6ju bytes)\n", fs::relative(path, root).string().c_str(),
                  micros, static_cast<std::uintmax_t>(fs::file_size(path)));
    }
  }

  // The hostile texts the tests generate, written where the corpus files can be read alike.
  const fs::path temp = fs::temp_directory_path() / "equilens_definition_bench";
  fs::create_directories(temp);
  const std::vector<std::pair<std::string, std::string>> generated = {
      {"big_10MB.yaml",
       "workflow: big\n" + Repeat("# padding padding padding padding\n", 10 * 1024 * 1024 / 34)},
      {"deep_flow_100000.yaml", Repeat("[", 100000)},
      {"deep_compact_100000.yaml", Repeat("- ", 100000) + "x\n"},
      {"deep_maps_100000.yaml", Repeat("{a: ", 100000)},
      {"wide_60000_values.yaml", "[" + Repeat("a,", 60000) + "a]"},
  };
  std::vector<std::string> hostile =
      YamlFiles(root / "tests" / "data" / "definitions" / "adversarial");
  for (const auto& [name, text] : generated) {
    std::ofstream((temp / name).string(), std::ios::binary) << text;
    hostile.push_back((temp / name).string());
  }

  std::printf("\nRefusing a hostile definition, median of %d runs per file:\n", kRefuseRuns);
  std::string slowest;
  double slowest_micros = 0;
  for (const std::string& path : hostile) {
    std::size_t diagnostics = 0;
    const double micros =
        MedianMicros(kRefuseRuns, [&] { diagnostics = Load(path, lookup).size(); });
    const std::string name = fs::path(path).filename().string();
    std::printf("  %-44s %8.1f us  (diagnostics: %zu)\n", name.c_str(), micros, diagnostics);
    if (micros > slowest_micros) {
      slowest_micros = micros;
      slowest = name;
    }
  }
  std::printf("\nSlowest refusal: %s, %.1f us\n", slowest.c_str(), slowest_micros);
  fs::remove_all(temp);
  return 0;
}
