// Third-party headers stay in the one place that wraps them. Debian installs every library's
// headers in one system folder, so CMake cannot stop a stray include; this test can.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace equilens {
namespace {

namespace fs = std::filesystem;

struct Boundary {
  const char* header_pattern;        // matched against the text inside #include <...> or "..."
  std::vector<std::string> allowed;  // path prefixes, relative to the repository
  const char* why;
};

// Each heavy or third-party header and the only places that may include it.
const std::vector<Boundary>& Boundaries() {
  static const std::vector<Boundary> kBoundaries = {
      {"^boost/msm", {"engine/lifecycle/lifecycle.cc"}, "one MSM costs ~5 s and 450 MB to compile"},
      {"^yaml-cpp/", {"engine/definition/"}, "YAML is parsed, bounded and positioned in one place"},
      {"^sqlite3\\.h$",
       {"engine/store/", "bench/"},
       "SQL and its pragmas live in the store; benchmarks measure raw SQLite as their baseline"},
      {"^sodium", {"engine/common/", "engine/auth/"}, "crypto primitives are wrapped once"},
      {"^CLI/", {"cli/"}, "argument parsing is the CLI's business"},
      {"^httplib\\.h$",
       {"server/http_server.cc", "tests/support/http_client.cc"},
       "HTTP is the server's business, in one adapter (and the tests' one client)"},
      {"^mstch/", {"engine/render/"}, "templates are rendered in one place"},
      {"^curl/", {"engine/mail/"}, "SMTP is spoken in one place"},
      {"^spdlog/", {"engine/common/", "server/", "cli/"}, "logging is set up at the edges"},
      {"^nlohmann/", {"engine/", "tests/", "bench/"}, "front ends print what the engine encodes"},
  };
  return kBoundaries;
}

std::vector<std::string> SourceFiles(const fs::path& root) {
  std::vector<std::string> files;
  for (const char* dir : {"engine", "cli", "server", "bench", "tests"}) {
    if (!fs::exists(root / dir)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      const std::string ext = entry.path().extension().string();
      if (ext == ".cc" || ext == ".h" || ext == ".cpp" || ext == ".hpp") {
        files.push_back(fs::relative(entry.path(), root).generic_string());
      }
    }
  }
  return files;
}

bool StartsWithAny(const std::string& path, const std::vector<std::string>& prefixes) {
  for (const std::string& prefix : prefixes) {
    if (path.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("third-party headers are included only where they are wrapped") {
  const fs::path root = EQUILENS_SOURCE_DIR;
  const std::regex include_line(R"(^\s*#\s*include\s*[<"]([^>"]+)[>"])");
  std::vector<std::string> escapes;
  const std::vector<std::string> files = SourceFiles(root);
  REQUIRE(files.size() > 5);  // the walk found the tree
  for (const std::string& file : files) {
    // This test names the headers in its own text; skip only itself.
    if (file == "tests/architecture/include_boundaries_test.cc") continue;
    std::ifstream in(root / file);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      std::smatch match;
      if (!std::regex_search(line, match, include_line)) continue;
      const std::string header = match[1];
      const bool is_public = file.rfind("engine/include/", 0) == 0;
      for (const Boundary& boundary : Boundaries()) {
        if (!std::regex_search(header, std::regex(boundary.header_pattern))) continue;
        if (is_public || !StartsWithAny(file, boundary.allowed)) {
          escapes.push_back(file + ":" + std::to_string(number) + ": includes <" + header + "> (" +
                            boundary.why + ")");
        }
      }
    }
  }
  for (const std::string& escape : escapes) INFO(escape);
  CHECK_MESSAGE(escapes.empty(), [&] {
    std::string all;
    for (const std::string& escape : escapes) all += "\n  " + escape;
    return all;
  }());
}

}  // namespace equilens
