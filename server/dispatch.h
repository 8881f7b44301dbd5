// The path every request takes through the server (routes.h says what it does, in order).
// The HTTP layer (http_server.cc) turns the wire into a Request and calls Handle.
#ifndef EQUILENS_SERVER_DISPATCH_H_
#define EQUILENS_SERVER_DISPATCH_H_

#include <spdlog/logger.h>

#include <atomic>
#include <memory>
#include <string>

#include "equilens/group_commit.h"
#include "server/engine_pool.h"
#include "server/http.h"
#include "server/routes.h"
#include "server/server.h"

namespace equilens::server {

class Dispatcher {
 public:
  // Everything given must outlive the dispatcher. `access_log` receives one line per request.
  // `committer` runs the state-changing signed-in requests (null: they run on the leased
  // engine, each committing on its own).
  Dispatcher(const ServeOptions& options, const Router& router, const PageRenderer& pages,
             EnginePool& engines, GroupCommitter* committer,
             std::shared_ptr<spdlog::logger> access_log);

  // Answers `request`; never throws. Thread-safe.
  Response Handle(Request& request);

  // An answer for a request the HTTP layer refused before dispatch (a body over the limit,
  // say): the same headers and log line as any other.
  Response Finish(const Request& request, Response response, const std::string& user,
                  double started_ms);

  // Milliseconds on a steady clock, for Finish's duration.
  static double NowMs();

 private:
  Response Route(Request& request, std::string& user);
  // Runs `route`'s handler on the committer's writer, and answers only once what it
  // recorded is durable.
  Response RunGrouped(const server::Route& route, const Request& request,
                      const RequestContext& context);
  std::string NextRequestId();

  const ServeOptions& options_;
  const Router& router_;
  const PageRenderer& pages_;
  EnginePool& engines_;
  GroupCommitter* committer_;
  std::shared_ptr<spdlog::logger> access_log_;
  const std::string id_prefix_;  // random per start, so ids from two runs do not collide
  std::atomic<std::uint64_t> next_id_{1};
};

// The error page (or plain text, if even that fails) for a page request that failed.
Response ErrorPageResponse(const PageRenderer& pages, const std::optional<SessionInfo>& session,
                           int status, const std::string& message);

}  // namespace equilens::server

#endif  // EQUILENS_SERVER_DISPATCH_H_
