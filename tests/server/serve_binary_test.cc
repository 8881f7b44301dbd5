// `equilens serve` as a real process: it prints its address, answers, and on SIGTERM finishes
// the request in flight (a client half-way through sending it) before exiting 0.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "server/server_fixture.h"

extern char** environ;

namespace equilens::testing {
namespace {

// A child process with its stdout on a pipe.
struct Child {
  pid_t pid = -1;
  int out = -1;

  // The next line of stdout, waiting at most `timeout_ms`; "" when none came.
  std::string ReadLine(int timeout_ms) {
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    char c = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd fd{out, POLLIN, 0};
      if (poll(&fd, 1, 100) <= 0) continue;
      if (read(out, &c, 1) != 1) break;
      if (c == '\n') return line;
      line.push_back(c);
    }
    return line;
  }

  // The exit code after waiting at most `timeout_ms` (-1 when still running; then killed).
  int Wait(int timeout_ms) {
    for (int waited = 0; waited < timeout_ms; waited += 20) {
      int status = 0;
      if (waitpid(pid, &status, WNOHANG) == pid) {
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    return -1;
  }
};

Child Spawn(const std::vector<std::string>& args) {
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  std::vector<char*> argv;
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  Child child;
  REQUIRE(posix_spawn(&child.pid, argv[0], &actions, nullptr, argv.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  child.out = pipe_fds[0];
  return child;
}

TEST_CASE("server binary: serve prints its address, drains on SIGTERM, and exits 0") {
  TempDir dir;
  const std::string db = dir.File("district.db");
  REQUIRE(
      RunProcess(EquilensBin(),
                 {"--db", db, "init", "--workflows", SourceDir() + "/tests/data/runtime/workflows",
                  "--templates", SourceDir() + "/tests/data/runtime/templates", "--admin", "ada"})
          .exit_code == 0);
  REQUIRE(RunProcess(EquilensBin(), {"--db", db, "--as", "ada", "user", "passwd", "ada"},
                     std::string(kPassword) + "\n")
              .exit_code == 0);

  Child child =
      Spawn({EquilensBin(), "--db", db, "serve", "--port", "0", "--threads", "2", "--web-dir",
             SourceDir() + "/templates/web", "--access-log", dir.File("access.log")});
  const std::string banner = child.ReadLine(20000);
  INFO(banner);
  const std::string prefix = "equilens serving on http://127.0.0.1:";
  REQUIRE(banner.rfind(prefix, 0) == 0);
  const int port = std::stoi(banner.substr(prefix.size()));
  REQUIRE(port > 0);

  HttpClient client("127.0.0.1", port);
  REQUIRE(client.SignIn("ada", kPassword).status == 200);
  CHECK(client.Get("/api/inbox").status == 200);

  // A request in flight: headers and half the body sent before SIGTERM, the rest after.
  const std::string body = "{\"user\":\"ada\",\"password\":\"" + std::string(kPassword) + "\"}";
  const std::string head =
      "POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Content-Type: application/json\r\nConnection: close\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n";
  std::promise<void> first_half_sent;
  std::future<std::string> reply = std::async(std::launch::async, [&] {
    // RawExchange sends everything at once; this client needs two halves, so it is spelled out.
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      first_half_sent.set_value();
      close(fd);
      return std::string();
    }
    const std::string first = head + body.substr(0, body.size() / 2);
    send(fd, first.data(), first.size(), MSG_NOSIGNAL);
    first_half_sent.set_value();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const std::string rest = body.substr(body.size() / 2);
    send(fd, rest.data(), rest.size(), MSG_NOSIGNAL);
    std::string received;
    char buffer[4096];
    for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) received.append(buffer, n);
    close(fd);
    return received;
  });
  first_half_sent.get_future().wait();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  REQUIRE(kill(child.pid, SIGTERM) == 0);

  const std::string answered = reply.get();
  CHECK(answered.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(Contains(answered, "\"csrf_token\""));
  CHECK(child.Wait(15000) == 0);
  // Gone: nothing listens any more.
  CHECK(RawExchange(port, "GET /api/session HTTP/1.1\r\nHost: x\r\n\r\n", 500).empty());
  close(child.out);
}

}  // namespace
}  // namespace equilens::testing
