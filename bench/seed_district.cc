// seed_district DB_PATH [INITIATIVES]: a district database for benchmarking the server.
//
// Creates DB_PATH (which must not exist) with the shipped workflows and the district's users,
// then seeds INITIATIVES (default 100,000) initiatives in every stage, as engine_bench does
// (support/district_seed.h: the same histories, appended in a few big transactions). Prints
// the user names by role, one initiative in review per department head (filed by that head,
// so the head, any reviewer, lead or the ombuds may read it), and a sample of initiatives in
// review for write loads, one per line "in_review ID", for scripts (bench/server_bench.sh).
// Users get no password: set them with `equilens user passwd NAME`.
#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <system_error>
#include <vector>

#include "equilens/engine.h"
#include "support/district_seed.h"

namespace equilens::bench {
namespace {

constexpr std::size_t kInReviewSample = 2000;  // ids printed for write loads

void PrintNames(const char* role, const std::vector<std::string>& names) {
  std::printf("%-16s", role);
  for (const std::string& name : names) std::printf(" %s", name.c_str());
  std::printf("\n");
}

int Run(const std::string& db_path, int count) {
  std::error_code error;
  if (std::filesystem::exists(db_path, error)) {
    Fail(db_path, "already exists; remove it or name a new file");
  }
  const District district = MakeDistrict();
  const auto start = std::chrono::steady_clock::now();
  const DefinitionInfo workflow = SetUpDistrict(db_path, district);
  const Seeded seeded = SeedHistories(db_path, district, workflow, count);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::uintmax_t bytes = std::filesystem::file_size(db_path, error);

  std::printf("seed_district: %d initiatives over %d departments in %s: %" PRId64
              " events, %.1f MB, seeded in %.1f s\n",
              count, kDepartments, db_path.c_str(), seeded.events,
              error ? 0.0 : static_cast<double>(bytes) / 1e6, seconds);
  std::printf("%-16s %s\n", "admin", district.admin.c_str());
  std::printf("%-16s %s\n", "ombuds", district.ombuds.c_str());
  PrintNames("cesj_lead", district.leads);
  PrintNames("cesj_reviewer", district.reviewers);
  std::vector<std::string> heads;
  for (const auto& department : district.heads) {
    heads.insert(heads.end(), department.begin(), department.end());
  }
  PrintNames("department_head", heads);

  // One initiative per head that the head filed: in review when there is one, else any.
  std::printf("# one initiative per department head, filed by that head (in review if any)\n");
  for (const std::string& head : heads) {
    const Initiative* chosen = nullptr;
    for (std::int32_t index : seeded.in_review) {
      const Initiative& initiative = seeded.initiatives[static_cast<std::size_t>(index)];
      if (initiative.submitter == head) {
        chosen = &initiative;
        break;
      }
    }
    for (std::size_t i = 0; chosen == nullptr && i < seeded.initiatives.size(); ++i) {
      if (seeded.initiatives[i].submitter == head) chosen = &seeded.initiatives[i];
    }
    if (chosen != nullptr) std::printf("initiative %s %s\n", head.c_str(), chosen->id.c_str());
  }

  // A fixed-seed sample, so a rerun on the same count prints the same ids.
  std::vector<std::int32_t> sample = seeded.in_review;
  std::shuffle(sample.begin(), sample.end(), std::mt19937_64(6));
  sample.resize(std::min(sample.size(), kInReviewSample));
  std::printf("# %zu of the %zu initiatives in review (not held), for write loads\n", sample.size(),
              seeded.in_review.size());
  for (std::int32_t index : sample) {
    std::printf("in_review %s\n", seeded.initiatives[static_cast<std::size_t>(index)].id.c_str());
  }
  return 0;
}

}  // namespace
}  // namespace equilens::bench

int main(int argc, char** argv) {
  const int count = argc > 2 ? std::atoi(argv[2]) : 100000;
  if (argc < 2 || argc > 3 || count <= 0) {
    std::fprintf(stderr, "usage: seed_district DB_PATH [INITIATIVES]   (default 100000)\n");
    return 2;
  }
  try {
    return equilens::bench::Run(argv[1], count);
  } catch (const equilens::bench::BenchFailure& failure) {
    std::fprintf(stderr, "seed_district: %s\n", failure.message.c_str());
    return 1;
  }
}
