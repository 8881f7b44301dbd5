// The mail settings loader: a full file reads into every field, defaults fill what is left
// out, the shipped example loads, and each rule refuses at its FILE:LINE:COL, naming itself.
#include "equilens/mail_settings.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "definition/definition_test_support.h"
#include "support/process.h"

namespace equilens {
namespace {

using definition_test::Expected;
using definition_test::Lines;
using definition_test::Mismatch;
using testing::TempDir;

Lines Full() {
  return Lines({
      "mail: 1",                                     // 1
      "smtp:",                                       // 2
      "  host: mail.district.example",               // 3
      "  port: 2587",                                // 4
      "  security: tls",                             // 5
      "  username: equilens",                        // 6
      "  password_file: smtp-password",              // 7
      "  timeout: 45 seconds",                       // 8
      "from:",                                       // 9
      "  address: equity@district.example",          // 10
      "  name: Equity Review",                       // 11
      "delivery:",                                   // 12
      "  max_attempts: 5",                           // 13
      "  first_retry: 2 minutes",                    // 14
      "  max_retry: 1 hour",                         // 15
      "  digest_time: \"07:30\"",                    // 16
      "base_url: https://equity.district.example/",  // 17
  });
}

// A folder holding a settings file and, unless told otherwise, its password file (mode 600).
class Settings {
 public:
  explicit Settings(const Lines& lines, const std::string& password = "s3cret pass\n",
                    unsigned mode = 0600) {
    path_ = dir_.Write("mail.yaml", lines.Text());
    const std::string password_path = dir_.Write("smtp-password", password);
    REQUIRE(chmod(password_path.c_str(), mode) == 0);
  }
  const std::string& path() const { return path_; }
  const TempDir& dir() const { return dir_; }
  Result<MailSettings> Load() const { return LoadMailSettings(path_); }

  // The problems in an invalid_input refusal, read back from its message.
  std::vector<Diagnostic> Problems() const {
    const Result<MailSettings> settings = Load();
    if (settings.ok()) return {{"", {}, "BUG: the settings loaded"}};
    if (settings.status().category() != ErrorCategory::kInvalidInput) {
      return {{"", {}, "BUG: not invalid_input: " + settings.status().ToString()}};
    }
    std::vector<Diagnostic> problems;
    const std::string& message = settings.status().message();
    const std::string prefix = "\n  " + path_ + ":";
    for (std::size_t at = message.find(prefix); at != std::string::npos;
         at = message.find(prefix, at + 1)) {
      const std::size_t start = at + prefix.size();
      const std::size_t end = message.find('\n', start);
      const std::string item = message.substr(start, end - start);  // "4:9: message"
      const std::size_t colon = item.find(':');
      const std::size_t second = item.find(':', colon + 1);
      Diagnostic problem{path_, {}, item.substr(second + 2)};
      problem.pos.line = std::stoi(item.substr(0, colon));
      problem.pos.column = std::stoi(item.substr(colon + 1, second - colon - 1));
      problems.push_back(problem);
    }
    if (problems.empty()) problems.push_back({"", {}, "BUG: no FILE:LINE:COL in: " + message});
    return problems;
  }

 private:
  TempDir dir_;
  std::string path_;
};

// "" when the settings `lines` are refused for exactly `expected`; else both listed.
std::string Refused(const Lines& lines, const std::vector<Expected>& expected) {
  return Mismatch(Settings(lines).Problems(), expected);
}

TEST_CASE("mail settings: a full file reads into every field") {
  const Settings file(Full());
  const Result<MailSettings> settings = file.Load();
  REQUIRE_MESSAGE(settings.ok(), settings.status().ToString());
  CHECK(settings->host == "mail.district.example");
  CHECK(settings->port == 2587);
  CHECK(settings->security == SmtpSecurity::kTls);
  CHECK(settings->username == "equilens");
  CHECK(settings->password == "s3cret pass");  // the trailing newline stripped, nothing else
  CHECK(settings->from_address == "equity@district.example");
  CHECK(settings->from_name == "Equity Review");
  CHECK(settings->timeout_seconds == 45);
  CHECK(settings->max_attempts == 5);
  CHECK(settings->first_retry_seconds == 120);
  CHECK(settings->max_retry_seconds == 3600);
  CHECK(settings->digest_time == "07:30");
  CHECK(settings->base_url == "https://equity.district.example");  // one '/' dropped
  CHECK(settings->source == file.path());
}

TEST_CASE("mail settings: what the file leaves out has its default") {
  const Settings file(Lines({"mail: 1", "smtp:", "  host: mail.district.example",
                             "from:", "  address: equity@district.example"}));
  const Result<MailSettings> settings = file.Load();
  REQUIRE_MESSAGE(settings.ok(), settings.status().ToString());
  CHECK(settings->port == 587);
  CHECK(settings->security == SmtpSecurity::kStartTls);
  CHECK(settings->username.empty());
  CHECK(settings->password.empty());  // no AUTH
  CHECK(settings->from_name.empty());
  CHECK(settings->timeout_seconds == 30);
  CHECK(settings->max_attempts == 8);
  CHECK(settings->first_retry_seconds == 60);
  CHECK(settings->max_retry_seconds == 3600);
  CHECK(settings->digest_time == "12:00");
  CHECK(settings->base_url.empty());
}

TEST_CASE("mail settings: the port defaults follow the security") {
  Lines tls = Full();
  tls.Set(4, "  # no port");
  const Result<MailSettings> smtps = Settings(tls).Load();
  REQUIRE_MESSAGE(smtps.ok(), smtps.status().ToString());
  CHECK(smtps->port == 465);

  Lines plain = Full();
  plain.Set(3, "  host: 127.0.0.1").Set(4, "  # no port").Set(5, "  security: none");
  const Result<MailSettings> sink = Settings(plain).Load();
  REQUIRE_MESSAGE(sink.ok(), sink.status().ToString());
  CHECK(sink->security == SmtpSecurity::kNone);
  CHECK(sink->port == 25);
}

TEST_CASE("mail settings: plain SMTP is refused off the machine, allowed to loopback") {
  Lines lines = Full();
  lines.Set(5, "  security: none");
  INFO(Refused(lines, {{5, 13,
                        "`smtp.security: none` with host 'mail.district.example' is "
                        "refused: plain SMTP only to a loopback test sink"}}));
  CHECK(Refused(lines, {{5, 13, "credentials and mail would cross the network in clear"}}).empty());
  for (const char* host : {"127.0.0.1", "localhost", "::1"}) {
    lines.Set(3, std::string("  host: \"") + host + "\"");
    const Result<MailSettings> settings = Settings(lines).Load();
    CHECK_MESSAGE(settings.ok(), (std::string(host) + " " + settings.status().ToString()));
  }
  lines.Set(3, "  host: 10.0.0.1");
  CHECK(Refused(lines, {{5, 13, "plain SMTP only to a loopback test sink"}}).empty());
}

TEST_CASE("mail settings: the required keys are named when missing") {
  Lines no_version = Full();
  no_version.Set(1, "# no version");
  CHECK(Refused(no_version, {{2, 1, "the mail settings is missing the required key 'mail'"}})
            .empty());
  Lines no_host = Full();
  no_host.Set(3, "  # no host");
  CHECK(Refused(no_host, {{2, 1, "`smtp` is missing the required key 'host'"}}).empty());
  Lines no_address = Full();
  no_address.Set(10, "  # no address");
  CHECK(Refused(no_address, {{9, 1, "`from` is missing the required key 'address'"}}).empty());
}

TEST_CASE("mail settings: the format version must be 1") {
  Lines lines = Full();
  lines.Set(1, "mail: 2");
  CHECK(Refused(lines, {{1, 7, "`mail` is the settings format version and must be 1, not 2"}})
            .empty());
  lines.Set(1, "mail: one");
  CHECK(Refused(lines, {{1, 7, "`mail` (the format version) must be a whole number"}}).empty());
}

TEST_CASE("mail settings: an unknown key is refused with a did-you-mean") {
  Lines lines = Full();
  lines.Set(8, "  timout: 30 seconds");
  CHECK(
      Refused(lines, {{8, 3, "unknown key 'timout' in `smtp` (did you mean 'timeout'?)"}}).empty());
  lines = Full();
  lines.Set(17, "base_ur: https://equity.district.example");
  CHECK(Refused(lines, {{17, 1,
                         "unknown key 'base_ur' in the mail settings (did you mean "
                         "'base_url'?)"}})
            .empty());
  lines = Full();
  lines.Set(13, "  max_attempt: 5");
  CHECK(Refused(lines, {{13, 3, "(did you mean 'max_attempts'?)"}}).empty());
}

TEST_CASE("mail settings: the port is 1 to 65535") {
  for (const char* port : {"0", "65536", "70000"}) {
    Lines lines = Full();
    lines.Set(4, std::string("  port: ") + port);
    CHECK(Refused(lines, {{4, 9,
                           std::string("`smtp.port` must be a port number from 1 to "
                                       "65535, not ") +
                               port}})
              .empty());
  }
  Lines lines = Full();
  lines.Set(4, "  port: submission");
  CHECK(Refused(lines, {{4, 9, "`smtp.port` must be a whole number >= 0, not 'submission'"}})
            .empty());
  lines.Set(4, "  port: 65535");
  CHECK(Settings(lines).Load().ok());
}

TEST_CASE("mail settings: security is starttls, tls or none") {
  Lines lines = Full();
  lines.Set(5, "  security: startls");
  CHECK(Refused(lines, {{5, 13,
                         "unknown `smtp.security` 'startls' (did you mean 'starttls'?); "
                         "write starttls, tls, none"}})
            .empty());
}

TEST_CASE("mail settings: the host must be a host name or an address") {
  Lines lines = Full();
  lines.Set(3, "  host: mail.district.example/evil");
  CHECK(Refused(lines, {{3, 9, "must be a host name or an IP address"}}).empty());
}

TEST_CASE("mail settings: username and password_file come together") {
  Lines no_file = Full();
  no_file.Set(7, "  # no password file");
  CHECK(Refused(no_file, {{6, 3, "`smtp.username` needs `smtp.password_file` beside it"}}).empty());
  Lines no_user = Full();
  no_user.Set(6, "  # no user");
  CHECK(Refused(no_user, {{7, 3, "`smtp.password_file` needs `smtp.username` beside it"}}).empty());
}

TEST_CASE("mail settings: the password file must exist, be a file and be private") {
  Lines lines = Full();
  lines.Set(7, "  password_file: nowhere/smtp-password");
  {
    const Settings file(lines);
    const std::string missing = file.dir().File("nowhere/smtp-password");
    CHECK(Mismatch(
              file.Problems(),
              {{7, 18, "password file " + missing + " (from `smtp.password_file`) does not exist"}})
              .empty());
  }
  {
    const Settings file(Full(), "secret\n", 0644);
    CHECK(Mismatch(file.Problems(), {{7, 18,
                                      "password file " + file.dir().File("smtp-password") +
                                          " is readable by others (mode 0644); chmod 600 it"}})
              .empty());
  }
  {
    const Settings file(Full(), "secret\n", 0640);
    CHECK(Mismatch(file.Problems(), {{7, 18, "is readable by its group (mode 0640); chmod 600"}})
              .empty());
  }
  {
    const Settings file(Full(), "secret\n", 0620);
    CHECK(
        Mismatch(file.Problems(), {{7, 18, "is open to its group or others (mode 0620)"}}).empty());
  }
  {
    const Settings file(Full(), "secret\n", 0400);
    const Result<MailSettings> settings = file.Load();
    REQUIRE_MESSAGE(settings.ok(), settings.status().ToString());
    CHECK(settings->password == "secret");
  }
  {
    Lines folder = Full();
    folder.Set(7, "  password_file: .");
    CHECK(Refused(folder, {{7, 18, "is not a regular file"}}).empty());
  }
  if (geteuid() != 0) {  // root reads a file of mode 000 all the same
    const Settings file(Full(), "secret\n", 0000);
    CHECK(Mismatch(file.Problems(), {{7, 18, "cannot read password file"}}).empty());
  }
}

TEST_CASE("mail settings: the password file holds one line, the password") {
  {
    const Settings file(Full(), "\n");
    CHECK(Mismatch(file.Problems(), {{7, 18, "is empty"}}).empty());
  }
  {
    const Settings file(Full(), "first\nsecond\n");
    CHECK(Mismatch(file.Problems(), {{7, 18, "has more than one line"}}).empty());
  }
  {
    const Settings file(Full(), "windows\r\n");
    const Result<MailSettings> settings = file.Load();
    REQUIRE_MESSAGE(settings.ok(), settings.status().ToString());
    CHECK(settings->password == "windows");
  }
}

TEST_CASE("mail settings: the timeout is 1 to 600 seconds") {
  Lines lines = Full();
  lines.Set(8, "  timeout: 0 seconds");
  CHECK(Refused(lines, {{8, 12,
                         "`smtp.timeout` must be from 1 second to 600 seconds, not 0 "
                         "seconds"}})
            .empty());
  lines.Set(8, "  timeout: 11 minutes");
  CHECK(Refused(lines, {{8, 12, "not 660 seconds"}}).empty());
  lines.Set(8, "  timeout: 30");
  CHECK(
      Refused(lines, {{8, 12, "`smtp.timeout` must be a duration such as '30 seconds'"}}).empty());
  lines.Set(8, "  timeout: 10 fortnights");
  CHECK(Refused(lines, {{8, 12, "not '10 fortnights'"}}).empty());
  lines.Set(8, "  timeout: 1 second");
  CHECK(Settings(lines).Load().ok());
}

TEST_CASE("mail settings: max_attempts is 1 to 100") {
  Lines lines = Full();
  lines.Set(13, "  max_attempts: 0");
  CHECK(Refused(lines, {{13, 17, "`delivery.max_attempts` must be from 1 to 100, not 0"}}).empty());
  lines.Set(13, "  max_attempts: 101");
  CHECK(Refused(lines, {{13, 17, "not 101"}}).empty());
}

TEST_CASE("mail settings: the retry waits are at least a second, and max >= first") {
  Lines lines = Full();
  lines.Set(14, "  first_retry: 0 seconds");
  CHECK(Refused(lines, {{14, 16,
                         "`delivery.first_retry` must be from 1 second to 604800 "
                         "seconds, not 0 seconds"}})
            .empty());
  lines = Full();
  lines.Set(15, "  max_retry: 30 seconds");
  CHECK(Refused(lines, {{15, 14,
                         "`delivery.max_retry` (30 seconds) is shorter than "
                         "`delivery.first_retry` (120 seconds)"}})
            .empty());
  lines.Set(15, "  # no max_retry").Set(14, "  first_retry: 2 hours");
  CHECK(Refused(lines, {{14, 16,
                         "`delivery.first_retry` (7200 seconds) is longer than "
                         "`delivery.max_retry` (3600 seconds, the default)"}})
            .empty());
  lines = Full();
  lines.Set(15, "  max_retry: 8 days");
  CHECK(Refused(lines, {{15, 14, "must be a duration such as"}}).empty());
}

TEST_CASE("mail settings: digest_time is a real HH:MM") {
  for (const char* time : {"\"24:00\"", "\"12:60\"", "noon", "\"7:30\"", "\"07:30:00\""}) {
    Lines lines = Full();
    lines.Set(16, std::string("  digest_time: ") + time);
    CHECK(Refused(lines, {{16, 16, "`delivery.digest_time` must be a time of day HH:MM (UTC)"}})
              .empty());
  }
  Lines unquoted = Full();
  unquoted.Set(16, "  digest_time: 23:59");
  const Result<MailSettings> settings = Settings(unquoted).Load();
  REQUIRE_MESSAGE(settings.ok(), settings.status().ToString());
  CHECK(settings->digest_time == "23:59");
}

TEST_CASE("mail settings: base_url starts with http:// or https://") {
  for (const char* url : {"ftp://equity.district.example", "equity.district.example", "https://",
                          "https:///path", "\"https://a b\""}) {
    Lines lines = Full();
    lines.Set(17, std::string("base_url: ") + url);
    const std::string mismatch = Refused(
        lines, {{17, 11, "must be the address people open equilens at, starting with http://"}});
    CHECK_MESSAGE(mismatch.empty(), (std::string(url) + mismatch));
  }
  Lines plain = Full();
  plain.Set(17, "base_url: http://localhost:8080/equity");
  const Result<MailSettings> settings = Settings(plain).Load();
  REQUIRE_MESSAGE(settings.ok(), settings.status().ToString());
  CHECK(settings->base_url == "http://localhost:8080/equity");
}

TEST_CASE("mail settings: the sender cannot smuggle a header") {
  for (const char* address :
       {"equity", "\"@district.example\"", "equity@", "eq uity@district.example",
        "\"<equity@district.example>\"", "a@b@district.example",
        "\"equity@district.example\\r\\nBcc: all@district.example\""}) {
    Lines lines = Full();
    lines.Set(10, std::string("  address: ") + address);
    const std::string mismatch =
        Refused(lines, {{10, 12,
                         "must be an address local@domain, without spaces, line breaks, '<' or "
                         "'>'"}});
    CHECK_MESSAGE(mismatch.empty(), (std::string(address) + mismatch));
  }
  Lines injected = Full();
  injected.Set(10, "  address: \"equity@district.example\\r\\nBcc: all@district.example\"");
  CHECK(Refused(injected, {{10, 12, "'equity@district.example\\r\\nBcc: all@district.example'"}})
            .empty());  // shown escaped: the refusal stays one line
  Lines name = Full();
  name.Set(11, "  name: \"Equity\\nBcc: all@district.example\"");
  CHECK(Refused(name, {{11, 9, "`from.name` must be one line of text"}}).empty());
  name.Set(11, "  name: Revisión de Equidad");
  const Result<MailSettings> settings = Settings(name).Load();
  REQUIRE_MESSAGE(settings.ok(), settings.status().ToString());
  CHECK(settings->from_name == "Revisión de Equidad");
}

TEST_CASE("mail settings: every problem in the file is reported at once") {
  Lines lines = Full();
  lines.Set(4, "  port: 0").Set(13, "  max_attempts: 0").Set(16, "  digest_time: \"25:00\"");
  CHECK(Refused(lines, {{4, 9, "`smtp.port`"},
                        {13, 17, "`delivery.max_attempts`"},
                        {16, 16, "`delivery.digest_time`"}})
            .empty());
  const Result<MailSettings> settings = Settings(lines).Load();
  REQUIRE(!settings.ok());
  CHECK(settings.status().message().find("3 problem(s) in the mail settings") == 0);
}

TEST_CASE("mail settings: YAML the definition loader refuses is refused here too") {
  Lines lines = Full();
  lines.Set(1, "mail: &version 1");
  const std::vector<Diagnostic> problems = Settings(lines).Problems();
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].pos.line == 1);
  CHECK(problems[0].message.find("anchor") != std::string::npos);
  CHECK(Refused(Lines({"- a list", "- not a map"}),
                {{1, 1, "a mail settings file is a map with the keys mail, smtp and from"}})
            .empty());
}

TEST_CASE("mail settings: a missing settings file is not_found") {
  TempDir dir;
  const Result<MailSettings> settings = LoadMailSettings(dir.File("absent.yaml"));
  REQUIRE(!settings.ok());
  CHECK(settings.status().category() == ErrorCategory::kNotFound);
  CHECK(settings.status().message() == "no mail settings file at " + dir.File("absent.yaml"));
  CHECK(LoadMailSettings(dir.path()).status().category() == ErrorCategory::kNotFound);
}

TEST_CASE("mail settings: the shipped example loads beside its password file") {
  // The example names a password file beside it; a copy in a fresh folder gets one (git
  // does not keep mode 600, so none is shipped).
  TempDir dir;
  const std::string example =
      std::string(EQUILENS_SOURCE_DIR) + "/docs/examples/mail-settings.yaml";
  const std::string copy = dir.File("mail-settings.yaml");
  std::filesystem::copy_file(example, copy);
  const std::string password = dir.Write("smtp-password", "example password\n");
  REQUIRE(chmod(password.c_str(), 0600) == 0);
  const Result<MailSettings> settings = LoadMailSettings(copy);
  REQUIRE_MESSAGE(settings.ok(), settings.status().ToString());
  CHECK(settings->host == "mail.district.example");
  CHECK(settings->security == SmtpSecurity::kStartTls);
  CHECK(settings->password == "example password");
  CHECK(settings->from_address == "equity@district.example");
  CHECK(settings->base_url == "https://equity.district.example");
}

}  // namespace
}  // namespace equilens
