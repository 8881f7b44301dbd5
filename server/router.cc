// The route table: patterns of literal segments and ":name" parts, matched segment by
// segment in the order routes were added (first match wins).
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "server/http_util.h"
#include "server/routes.h"

namespace equilens::server {
namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 1;  // every path and pattern begins with '/'
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

// Fills `params` (decoded) when `path` matches `pattern`.
bool Matches(const std::string& pattern, const std::string& path,
             std::map<std::string, std::string>& params) {
  if (pattern.empty() || path.empty() || path[0] != '/') return false;
  const std::vector<std::string_view> want = Segments(pattern);
  const std::vector<std::string_view> have = Segments(path);
  // A trailing "*name" part takes the rest of the path ("/static/*file").
  const bool rest = !want.empty() && !want.back().empty() && want.back()[0] == '*';
  if (rest ? have.size() < want.size() : have.size() != want.size()) return false;
  std::map<std::string, std::string> found;
  for (std::size_t i = 0; i < want.size(); ++i) {
    const std::string_view part = want[i];
    if (rest && i + 1 == want.size()) {
      std::string tail;
      for (std::size_t j = i; j < have.size(); ++j) {
        tail += (j > i ? "/" : "") + UrlDecode(have[j], false);
      }
      if (tail.empty()) return false;
      found[std::string(part.substr(1))] = tail;
      break;
    }
    if (!part.empty() && part[0] == ':') {
      if (have[i].empty()) return false;  // a named part is never empty
      found[std::string(part.substr(1))] = UrlDecode(have[i], false);
    } else if (part != have[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Access access, Handler handler) {
  routes_.push_back(Route{std::move(method), std::move(pattern), access, std::move(handler)});
}

const Route* Router::Match(const std::string& method, const std::string& path,
                           std::map<std::string, std::string>& params, bool& path_exists) const {
  path_exists = false;
  // HEAD is answered as GET without its body (the HTTP layer drops the body).
  const std::string wanted = method == "HEAD" ? std::string("GET") : method;
  for (const Route& route : routes_) {
    std::map<std::string, std::string> found;
    if (!Matches(route.pattern, path, found)) continue;
    path_exists = true;
    if (route.method == wanted) {
      params = std::move(found);
      return &route;
    }
  }
  return nullptr;
}

}  // namespace equilens::server
