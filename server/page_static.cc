// GET /static/...: the pages' style sheet, script and images from PageRenderer::static_dir().
// Only plain files under that folder are served: no "..", no hidden files, no symlink that
// leads out of it, and only the types a page uses (each with its own Content-Type, so
// X-Content-Type-Options: nosniff never blocks one).
#include <filesystem>
#include <fstream>
#include <iterator>

#include "server/page_support.h"

namespace equilens::server {
namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kMaxStaticBytes = 4 << 20;  // 4 MiB: more is no page's asset

const char* ContentTypeOf(const std::string& extension) {
  static const struct {
    const char* extension;
    const char* type;
  } kTypes[] = {
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
  };
  for (const auto& entry : kTypes) {
    if (extension == entry.extension) return entry.type;
  }
  return nullptr;
}

// Every part of `relative` a plain name: not empty, not "." or "..", not hidden, no
// backslash or control character.
bool SafeRelativePath(const std::string& relative) {
  if (relative.empty()) return false;
  std::size_t start = 0;
  while (start <= relative.size()) {
    std::size_t end = relative.find('/', start);
    if (end == std::string::npos) end = relative.size();
    const std::string part = relative.substr(start, end - start);
    if (part.empty() || part[0] == '.') return false;
    for (const char c : part) {
      if (static_cast<unsigned char>(c) < 0x20 || c == '\\' || c == 0x7f) return false;
    }
    start = end + 1;
  }
  return true;
}

Response NotFoundText() {
  Response response;
  response.status = 404;
  response.content_type = "text/plain; charset=utf-8";
  response.body = "no such file\n";
  return response;
}

Response StaticFile(const Request& request, RequestContext& context) {
  const std::string relative = request.Param("file");
  if (!SafeRelativePath(relative)) return NotFoundText();
  const char* type = ContentTypeOf(fs::path(relative).extension().string());
  if (type == nullptr) return NotFoundText();
  std::error_code error;
  const fs::path root = fs::canonical(context.pages.static_dir(), error);
  if (error) return NotFoundText();
  const fs::path path = fs::weakly_canonical(root / relative, error);
  if (error) return NotFoundText();
  // A symlink inside static/ must not lead out of it.
  const std::string root_text = root.string() + "/";
  if (path.string().compare(0, root_text.size(), root_text) != 0) return NotFoundText();
  if (!fs::is_regular_file(path, error) || fs::file_size(path, error) > kMaxStaticBytes) {
    return NotFoundText();
  }
  std::ifstream in(path, std::ios::binary);
  std::string body((std::istreambuf_iterator<char>(in)), {});
  if (!in.is_open() || in.bad()) return NotFoundText();
  Response response;
  response.status = 200;
  response.content_type = type;
  response.body = std::move(body);
  // Short: a district that edits app.css sees the change within minutes.
  response.headers.emplace_back("Cache-Control", "public, max-age=300");
  return response;
}

}  // namespace

void AddStaticFiles(Router& router) {
  router.Add("GET", "/static/*file", Access::kPublic, StaticFile);
}

}  // namespace equilens::server
