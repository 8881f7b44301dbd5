// Running the real `equilens` binary from tests: arguments in, exit code and output back.
#ifndef EQUILENS_TESTS_SUPPORT_PROCESS_H_
#define EQUILENS_TESTS_SUPPORT_PROCESS_H_

#include <string>
#include <vector>

namespace equilens::testing {

struct ProcessResult {
  int exit_code = -1;  // 128 + signal when killed by one
  std::string out;
  std::string err;
};

// Runs `program` with `args` (no shell), `stdin_text` on its standard input.
ProcessResult RunProcess(const std::string& program, const std::vector<std::string>& args,
                         const std::string& stdin_text = "");

// A fresh temporary directory, removed (with its contents) when this object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  // Writes `text` to File(name) and returns that path.
  std::string Write(const std::string& name, const std::string& text) const;

 private:
  std::string path_;
};

// The equilens binary of this build, and the repository it was built from.
std::string EquilensBin();
std::string SourceDir();

// `equilens --db DB --as USER args...`.
class Cli {
 public:
  explicit Cli(std::string db_path) : db_(std::move(db_path)) {}
  ProcessResult Run(const std::string& user, const std::vector<std::string>& args) const;
  // Runs and requires exit 0, returning trimmed stdout (for ids).
  std::string Ok(const std::string& user, const std::vector<std::string>& args) const;

 private:
  std::string db_;
};

}  // namespace equilens::testing

#endif  // EQUILENS_TESTS_SUPPORT_PROCESS_H_
