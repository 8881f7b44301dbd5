// PageRenderer: loads templates/web/ once, checks every page template (with the partials it
// includes) against its page's schema, and renders pages from memory. The checks are the
// documents' (template_check.h): a misspelt name is refused at start-up with its file, line
// and column, never rendered as a blank in front of a user.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>

#include "equilens/web_pages.h"
#include "render/mstch_render.h"
#include "render/mustache_tags.h"
#include "render/template_check.h"
#include "render/web_context.h"

namespace equilens {

namespace fs = std::filesystem;
using nlohmann::json;

struct PageRenderer::Impl {
  std::string static_dir;
  std::map<std::string, std::string> pages;     // page name -> template text
  std::map<std::string, std::string> partials;  // partial name -> text

  Result<std::string> Render(const std::string& page, const json& context) const {
    const auto found = pages.find(page);
    if (found == pages.end()) return InternalError("no template for page '" + page + "'");
    return RenderMustache(found->second, context, /*escape_html=*/true, partials);
  }
};

namespace {

constexpr const char kExtension[] = ".mustache";
// What a page template may weigh: the shipped ones are a few KiB.
constexpr std::uintmax_t kMaxTemplateBytes = 256 * 1024;

// The *.mustache files directly in `dir`, name (without the extension) -> path.
std::map<std::string, fs::path> TemplatesIn(const fs::path& dir) {
  std::map<std::string, fs::path> found;
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    const fs::path& path = it->path();
    const std::string file = path.filename().string();
    const std::size_t ext = sizeof kExtension - 1;
    if (file.size() > ext && file.compare(file.size() - ext, ext, kExtension) == 0 &&
        it->is_regular_file(error)) {
      found[file.substr(0, file.size() - ext)] = path;
    }
  }
  return found;
}

Result<std::string> ReadTemplate(const fs::path& path, const std::string& name) {
  std::error_code error;
  const std::uintmax_t size = fs::file_size(path, error);
  if (error) return NotFound("cannot read " + name + " (" + path.string() + ")");
  if (size > kMaxTemplateBytes) {
    return InvalidInput(name + ": " + std::to_string(size) + " bytes; a page template may have " +
                        std::to_string(kMaxTemplateBytes));
  }
  std::ifstream in(path, std::ios::binary);
  std::string text(std::istreambuf_iterator<char>(in), {});
  if (!in.is_open() || in.bad())
    return NotFound("cannot read " + name + " (" + path.string() + ")");
  return text;
}

// The partials `text` names in {{> name}} tags (unscannable text names none: the check says
// why).
std::set<std::string> PartialsNamedIn(const std::string& text) {
  std::set<std::string> names;
  Result<std::vector<MustacheTag>> tags = ScanMustacheTags(text);
  if (!tags.ok()) return names;
  for (const MustacheTag& tag : *tags) {
    if (tag.kind == TagKind::kPartial) names.insert(tag.name);
  }
  return names;
}

}  // namespace

PageRenderer::PageRenderer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PageRenderer::~PageRenderer() = default;

Result<std::unique_ptr<PageRenderer>> PageRenderer::Load(const std::string& web_dir) {
  const fs::path root(web_dir);
  const std::map<std::string, fs::path> page_files = TemplatesIn(root);
  const std::map<std::string, fs::path> partial_files = TemplatesIn(root / "partials");
  if (page_files.empty()) {
    return NotFound("no page templates (*.mustache) in " + web_dir);
  }
  auto impl = std::make_unique<Impl>();
  impl->static_dir = (root / "static").string();
  std::vector<std::string> problems;

  TemplateSet set;
  set.allow_unescaped = false;  // every value a page shows is escaped: no {{{ }}} or {{& }}
  for (const auto& [name, path] : partial_files) {
    const std::string file = "templates/web/partials/" + name + kExtension;
    Result<std::string> text = ReadTemplate(path, file);
    if (!text.ok()) return text.status();
    impl->partials[name] = *text;
    set.partials[name] = {file, std::move(*text)};
  }

  const std::vector<std::string>& names = web::PageNames();
  for (const auto& [name, path] : page_files) {
    if (web::PageSchema(name) == nullptr) {
      std::string known;
      for (const std::string& page : names) known += (known.empty() ? "" : ", ") + page;
      problems.push_back("templates/web/" + name + kExtension +
                         ": no page of that name (the pages are " + known +
                         "; shared pieces go in partials/)");
    }
  }
  std::set<std::string> included;
  for (const std::string& name : names) {
    const std::string file = "templates/web/" + name + kExtension;
    const auto path = page_files.find(name);
    if (path == page_files.end()) {
      problems.push_back(file + ": missing (every page needs its template; looked in " + web_dir +
                         ")");
      continue;
    }
    Result<std::string> text = ReadTemplate(path->second, file);
    if (!text.ok()) return text.status();
    for (std::string& problem : CheckTemplate(file, *text, *web::PageSchema(name), set)) {
      problems.push_back(std::move(problem));
    }
    for (const std::string& partial : PartialsNamedIn(*text)) included.insert(partial);
    impl->pages[name] = std::move(*text);
  }
  // A partial is checked where it is included; one included nowhere would go unchecked.
  for (bool grew = true; grew;) {
    grew = false;
    for (const std::string& name : std::set<std::string>(included)) {
      const auto partial = set.partials.find(name);
      if (partial == set.partials.end()) continue;
      for (const std::string& inner : PartialsNamedIn(partial->second.text)) {
        grew = included.insert(inner).second || grew;
      }
    }
  }
  for (const auto& [name, partial] : set.partials) {
    if (included.count(name) == 0) {
      problems.push_back(partial.file +
                         ": included by no page, so never checked (include it or remove it)");
    }
  }
  if (!problems.empty()) {
    std::string message;
    for (const std::string& problem : problems) message += (message.empty() ? "" : "\n") + problem;
    return InvalidInput(std::move(message));
  }
  return std::unique_ptr<PageRenderer>(new PageRenderer(std::move(impl)));
}

const std::string& PageRenderer::static_dir() const { return impl_->static_dir; }

Result<std::string> PageRenderer::SignInPage(const PageFrame& frame,
                                             const std::string& user_name) const {
  return impl_->Render(web::kSignInPage, web::SignInContext(frame, user_name));
}

Result<std::string> PageRenderer::InvitationPage(const PageFrame& frame,
                                                 const std::string& token) const {
  return impl_->Render(web::kInvitationPage, web::InvitationContext(frame, token));
}

Result<std::string> PageRenderer::ErrorPage(const PageFrame& frame, int http_status,
                                            const std::string& message) const {
  return impl_->Render(web::kErrorPage, web::ErrorContext(frame, http_status, message));
}

Result<std::string> PageRenderer::InboxPage(const PageFrame& frame, const InboxView& inbox) const {
  return impl_->Render(web::kInboxPage, web::InboxContext(frame, inbox));
}

Result<std::string> PageRenderer::FilePage(const PageFrame& frame,
                                           const std::vector<DefinitionInfo>& definitions,
                                           const PostedForm& posted) const {
  return impl_->Render(web::kFilePage, web::FileContext(frame, definitions, posted));
}

Result<std::string> PageRenderer::InitiativePage(const PageFrame& frame, const InitiativeView& view,
                                                 const std::vector<HistoryEntry>& history,
                                                 const MetricsView& metrics,
                                                 const PostedForm& posted) const {
  return impl_->Render(web::kInitiativePage,
                       web::InitiativeContext(frame, view, history, metrics, posted));
}

Result<std::string> PageRenderer::QueuePage(const PageFrame& frame,
                                            const std::vector<InitiativeSummary>& initiatives,
                                            const InitiativeFilter& filter) const {
  return impl_->Render(web::kQueuePage, web::QueueContext(frame, initiatives, filter));
}

Result<std::string> PageRenderer::DashboardPage(const PageFrame& frame,
                                                const DashboardView& dashboard) const {
  return impl_->Render(web::kDashboardPage, web::DashboardContext(frame, dashboard));
}

Result<std::string> PageRenderer::AuditPage(const PageFrame& frame, const EventFilter& filter,
                                            const std::vector<EventView>* events) const {
  return impl_->Render(web::kAuditPage, web::AuditContext(frame, filter, events));
}

Result<std::string> PageRenderer::AccountPage(const PageFrame& frame,
                                              const PostedForm& posted) const {
  return impl_->Render(web::kAccountPage, web::AccountContext(frame, posted));
}

Result<std::string> PageRenderer::VerifyPage(const PageFrame& frame,
                                             const VerifyOutcome& outcome) const {
  return impl_->Render(web::kVerifyPage, web::VerifyContext(frame, outcome));
}

}  // namespace equilens
