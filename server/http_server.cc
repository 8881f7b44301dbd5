// The HTTP layer: cpp-httplib's server (the only file that includes it) adapted to the
// server's own Request and Response, with the limits that keep one client from hurting the
// others: a body limit, read and write timeouts, bounded keep-alive, a fixed worker pool.
#include <httplib.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>

#include "server/background_jobs.h"
#include "server/dispatch.h"
#include "server/engine_pool.h"
#include "server/http_util.h"
#include "server/routes.h"
#include "server/server.h"

namespace equilens::server {
namespace {

constexpr int kReadTimeoutSeconds = 10;   // a client slower than this to send is dropped
constexpr int kWriteTimeoutSeconds = 10;  // ... or to read our answer
constexpr int kKeepAliveSeconds = 3;      // an idle connection holds a worker this long
constexpr int kKeepAliveRequests = 100;   // requests on one connection before it is closed

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The folder holding the page templates: the option, else $EQUILENS_HOME's, else the shipped.
std::string WebDir(const ServeOptions& options) {
  if (!options.web_dir.empty()) return options.web_dir;
  const char* home = std::getenv("EQUILENS_HOME");
  if (home != nullptr && *home != '\0') return std::string(home) + "/templates/web";
  return std::string(EQUILENS_SOURCE_DIR) + "/templates/web";
}

std::shared_ptr<spdlog::logger> NamedLogger(const std::string& name, spdlog::sink_ptr sink) {
  spdlog::drop(name);  // a second server in one process (tests) takes the name over
  auto logger = std::make_shared<spdlog::logger>(name, std::move(sink));
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %n %l %v", spdlog::pattern_time_type::utc);
  logger->flush_on(spdlog::level::info);
  spdlog::register_logger(logger);
  return logger;
}

// What the wire gave, as every handler sees it. `body` and `parts` were read already.
Request Adapt(const httplib::Request& in, std::string body,
              std::vector<httplib::MultipartFormData> parts) {
  Request out;
  out.method = in.method;
  // The raw target keeps percent-escapes: the router decodes each segment on its own, so an
  // escaped '/' stays inside its segment.
  const std::string& target = in.target.empty() || in.target[0] != '/' ? in.path : in.target;
  const std::size_t question = target.find('?');
  out.path = target.substr(0, question);
  if (question != std::string::npos) out.query = ParseUrlEncoded(target.substr(question + 1));
  for (const auto& [name, value] : in.headers) {
    std::string key = Lower(name);
    auto it = out.headers.find(key);
    if (it == out.headers.end()) {
      out.headers.emplace(std::move(key), value);
    } else {
      it->second += (key == "cookie" ? "; " : ", ") + value;
    }
  }
  out.remote_addr = in.remote_addr;
  const std::string content_type = Lower(in.get_header_value("Content-Type"));
  if (content_type.rfind("application/x-www-form-urlencoded", 0) == 0) {
    out.form = ParseUrlEncoded(body);
  }
  for (httplib::MultipartFormData& part : parts) {
    if (part.filename.empty()) {
      out.form.emplace_back(part.name, std::move(part.content));
    } else {
      out.files[part.name] = UploadedFile{std::move(part.filename), std::move(part.content_type),
                                          std::move(part.content)};
    }
  }
  out.body = std::move(body);
  return out;
}

void Emit(const Response& response, httplib::Response& out) {
  out.status = response.status;
  for (const auto& [name, value] : response.headers) out.set_header(name, value);
  out.set_content(response.body, response.content_type);
}

}  // namespace

struct Server::Impl {
  ServeOptions options;
  std::unique_ptr<PageRenderer> pages;
  Router router;
  std::unique_ptr<EnginePool> engines;
  std::unique_ptr<GroupCommitter> committer;  // null when options.group_commit is off
  std::shared_ptr<spdlog::logger> log;
  std::unique_ptr<Dispatcher> dispatcher;
  std::unique_ptr<BackgroundJobs> jobs;
  httplib::Server http;
  std::thread listener;
  int port = 0;

  std::mutex stop_mutex;
  std::condition_variable stopped_cv;
  bool stopping = false;
  bool stopped = false;

  // A request whose body was read (or refused) becomes one dispatch.
  void Serve(const httplib::Request& in, httplib::Response& out, std::string body,
             std::vector<httplib::MultipartFormData> parts, bool complete, bool too_large) {
    const double started = Dispatcher::NowMs();
    Request request = Adapt(in, std::move(body), std::move(parts));
    if (too_large) {
      Emit(dispatcher->Finish(request, TooLarge(request), "", started), out);
    } else if (!complete) {
      Emit(dispatcher->Finish(
               request, ApiError(400, "usage", "the request body ended before it was complete"), "",
               started),
           out);
    } else {
      Emit(dispatcher->Handle(request), out);
    }
  }

  Response TooLarge(const Request& request) const {
    const std::string message = "the request body is larger than the " +
                                std::to_string(options.max_body_bytes) + " bytes this server takes";
    if (request.IsApi()) return ApiError(413, "invalid_input", message);
    return ErrorPageResponse(*pages, std::nullopt, 413, "The upload is too large.");
  }

  // POST, PUT, PATCH and DELETE read their body here, not in cpp-httplib: its own form parser
  // refuses url-encoded forms over 8 KiB, and a web form's long answers are longer.
  void ServeWithBody(const httplib::Request& in, httplib::Response& out,
                     const httplib::ContentReader& reader) {
    std::string body;
    std::vector<httplib::MultipartFormData> parts;
    std::size_t received = 0;
    bool too_large = false;
    auto within_limit = [&](std::size_t n) {
      received += n;
      too_large = too_large || received > options.max_body_bytes;
      return !too_large;
    };
    bool complete = false;
    if (in.is_multipart_form_data()) {
      complete = reader(
          [&](const httplib::MultipartFormData& part) {
            parts.push_back(part);
            return true;
          },
          [&](const char* data, std::size_t n) {
            if (!within_limit(n) || parts.empty()) return false;
            parts.back().content.append(data, n);
            return true;
          });
    } else {
      complete = reader([&](const char* data, std::size_t n) {
        if (!within_limit(n)) return false;
        body.append(data, n);
        return true;
      });
    }
    // cpp-httplib refuses a Content-Length over the limit itself, before our receiver sees a
    // byte, and says so in the response status it leaves.
    if (!complete && out.status == 413) too_large = true;
    Serve(in, out, std::move(body), std::move(parts), complete, too_large);
  }

  void Configure() {
    const std::size_t threads = static_cast<std::size_t>(std::max(1, options.threads));
    http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http.set_payload_max_length(options.max_body_bytes);
    http.set_read_timeout(kReadTimeoutSeconds, 0);
    http.set_write_timeout(kWriteTimeoutSeconds, 0);
    http.set_keep_alive_timeout(kKeepAliveSeconds);
    http.set_keep_alive_max_count(kKeepAliveRequests);
    // Without it a keep-alive response waits for Nagle + delayed ACK (~40 ms each): measured
    // 174 req/s without, 3,390 with (bench/server_bench.sh).
    http.set_tcp_nodelay(true);

    auto plain = [this](const httplib::Request& in, httplib::Response& out) {
      Serve(in, out, in.body, {}, true, false);
    };
    auto with_body = [this](const httplib::Request& in, httplib::Response& out,
                            const httplib::ContentReader& reader) {
      ServeWithBody(in, out, reader);
    };
    http.Get(".*", plain);  // HEAD too: cpp-httplib answers it from GET without the body
    http.Options(".*", plain);
    http.Post(".*", with_body);
    http.Put(".*", with_body);
    http.Patch(".*", with_body);
    http.Delete(".*", with_body);

    // cpp-httplib's own refusals (a bad request line, a body over the limit, an unknown
    // method) arrive here with an empty body: give them ours, headers and log line included.
    // (Wrapped: a lambda converts to both of 0.11's set_error_handler overloads.)
    http.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& in, httplib::Response& out) {
          if (!out.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
          const double started = Dispatcher::NowMs();
          Request request = Adapt(in, "", {});
          Response response = out.status == 413
                                  ? TooLarge(request)
                                  : ApiError(out.status, "usage",
                                             "the server could not read this request (HTTP " +
                                                 std::to_string(out.status) + ")");
          Emit(dispatcher->Finish(request, std::move(response), "", started), out);
          return httplib::Server::HandlerResponse::Handled;
        }));
    http.set_exception_handler(
        [this](const httplib::Request& in, httplib::Response& out, std::exception_ptr) {
          const double started = Dispatcher::NowMs();
          Request request = Adapt(in, "", {});
          Emit(dispatcher->Finish(request, ErrorJson(InternalError("exception in HTTP layer")), "",
                                  started),
               out);
        });
  }
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { Stop(); }

Result<std::unique_ptr<Server>> Server::Start(const ServeOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;

  spdlog::sink_ptr error_sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  impl->log = NamedLogger("server", error_sink);
  spdlog::sink_ptr access_sink;
  try {
    if (options.access_log.empty()) {
      access_sink = error_sink;
    } else {
      access_sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.access_log);
    }
  } catch (const spdlog::spdlog_ex& e) {
    return InvalidInput("cannot open the access log " + options.access_log + ": " + e.what());
  }
  std::shared_ptr<spdlog::logger> access_log = NamedLogger("access", access_sink);

  // Open one connection now, so a missing database is refused before we listen.
  impl->engines = std::make_unique<EnginePool>(options.db_path);
  {
    Result<EnginePool::Lease> first = impl->engines->Acquire();
    if (!first.ok()) return first.status();
  }

  if (options.group_commit) {
    Result<std::unique_ptr<GroupCommitter>> committer = GroupCommitter::Start(options.db_path);
    if (!committer.ok()) return committer.status();
    impl->committer = std::move(*committer);
  }

  Result<std::unique_ptr<PageRenderer>> pages = PageRenderer::Load(WebDir(options));
  if (!pages.ok()) return pages.status();
  impl->pages = std::move(*pages);

  AddSessionRoutes(impl->router);
  AddApiRoutes(impl->router);
  AddPageRoutes(impl->router);  // the web pages and /static/ (page_*.cc)

  impl->dispatcher = std::make_unique<Dispatcher>(
      impl->options, impl->router, *impl->pages, *impl->engines, impl->committer.get(), access_log);
  impl->Configure();

  if (options.port == 0) {
    impl->port = impl->http.bind_to_any_port(options.bind);
    if (impl->port <= 0) return InvalidInput("cannot listen on " + options.bind);
  } else {
    if (!impl->http.bind_to_port(options.bind, options.port)) {
      return InvalidInput("cannot listen on " + options.bind + ":" + std::to_string(options.port) +
                          " (in use, or not an address here)");
    }
    impl->port = options.port;
  }
  // The jobs start once the port is ours and before the listener: a refusal leaves no thread
  // to join, and a server that cannot listen has run no job.
  JobOptions job_options;
  job_options.db_path = options.db_path;
  job_options.run_as = options.jobs_as;
  job_options.escalate_every_minutes = options.escalate_every_minutes;
  job_options.deliver_every_seconds = options.deliver_every_seconds;
  if (!options.mail_settings.empty()) {
    if (options.jobs_as.empty()) {
      return UsageError("--mail-settings needs --jobs-as ADMIN: the admin the delivery runs as");
    }
    Result<MailSettings> mail = LoadMailSettings(options.mail_settings);
    if (!mail.ok()) return mail.status();
    job_options.mail = std::move(*mail);
  }
  Result<std::unique_ptr<BackgroundJobs>> jobs = BackgroundJobs::Start(job_options, impl->log);
  if (!jobs.ok()) return jobs.status();
  impl->jobs = std::move(*jobs);
  Impl* raw = impl.get();
  impl->listener = std::thread([raw] { raw->http.listen_after_bind(); });
  // Stop() before the accept loop runs would be lost (cpp-httplib's stop() only acts on a
  // running server), and the contract says we return once requests are accepted.
  for (int waited_ms = 0; !impl->http.is_running() && waited_ms < 5000; ++waited_ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  impl->log->info("listening on {}:{} threads={} group_commit={} db={} jobs_as={} mail={}",
                  options.bind, impl->port, options.threads, options.group_commit ? "on" : "off",
                  options.db_path, options.jobs_as.empty() ? "(none)" : options.jobs_as,
                  options.mail_settings.empty() ? "off" : options.mail_settings);
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

int Server::port() const { return impl_->port; }

std::string Server::address() const {
  const std::string& host = impl_->options.bind;
  const bool v6 = host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(impl_->port);
}

void Server::Stop() {
  if (!impl_) return;
  {
    std::unique_lock<std::mutex> lock(impl_->stop_mutex);
    if (impl_->stopping) {
      impl_->stopped_cv.wait(lock, [this] { return impl_->stopped; });
      return;
    }
    impl_->stopping = true;
  }
  // stop() closes the listening socket; listen_after_bind() then shuts the worker pool down,
  // which lets every queued and running request finish before the threads are joined.
  if (impl_->jobs) impl_->jobs->Stop();  // a job run in progress finishes first
  impl_->http.stop();
  if (impl_->listener.joinable()) impl_->listener.join();
  if (impl_->committer) {
    const GroupCommitter::Counts counts = impl_->committer->counts();
    impl_->log->info("stopped; in-flight requests drained; {} writes in {} commits",
                     counts.commands, counts.commits);
  } else {
    impl_->log->info("stopped; in-flight requests drained");
  }
  {
    std::lock_guard<std::mutex> lock(impl_->stop_mutex);
    impl_->stopped = true;
  }
  impl_->stopped_cv.notify_all();
}

void Server::Wait() {
  std::unique_lock<std::mutex> lock(impl_->stop_mutex);
  impl_->stopped_cv.wait(lock, [this] { return impl_->stopped; });
}

}  // namespace equilens::server
