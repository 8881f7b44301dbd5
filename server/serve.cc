// ServeUntilSignalled: `equilens serve`'s life. SIGTERM and SIGINT are blocked before any
// server thread starts (threads inherit the mask) and taken synchronously with sigwait, so no
// signal handler runs in an arbitrary thread and the drain happens in ordinary code.
#include <signal.h>

#include <iostream>

#include "server/server.h"

namespace equilens::server {

Status ServeUntilSignalled(const ServeOptions& options) {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  sigset_t previous;
  pthread_sigmask(SIG_BLOCK, &stop_signals, &previous);

  Result<std::unique_ptr<Server>> server = Server::Start(options);
  if (!server.ok()) {
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    return server.status();
  }
  std::cout << "equilens serving on " << (*server)->address() << std::endl;

  int received = 0;
  sigwait(&stop_signals, &received);
  std::cout << "equilens: " << (received == SIGTERM ? "SIGTERM" : "SIGINT")
            << ": finishing in-flight requests" << std::endl;
  (*server)->Stop();
  server->reset();
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  std::cout << "equilens: stopped" << std::endl;
  return Status::Ok();
}

}  // namespace equilens::server
