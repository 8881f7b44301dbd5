// The web pages: every shipped template passes its page's schema check at load; every page
// renders from hand-built engine views into semantic, escaped HTML; controls appear only as the
// view permits (the ombuds' initiative page has no form and no button); a template that names
// an unknown variable is refused with its file, line and column.
#include "equilens/web_pages.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "render/document_render.h"
#include "render/web_context.h"
#include "runtime/authorization.h"
#include "support/process.h"

namespace equilens {
namespace {

// One unpaged inbox holding `items`.
InboxView InboxOf(std::vector<InboxItem> items) {
  InboxView inbox;
  inbox.items = std::move(items);
  return inbox;
}

namespace fs = std::filesystem;
using nlohmann::json;

const std::string& WebDir() {
  static const std::string dir = std::string(EQUILENS_SOURCE_DIR) + "/templates/web";
  return dir;
}

const PageRenderer& Shipped() {
  static const std::unique_ptr<PageRenderer> renderer = [] {
    Result<std::unique_ptr<PageRenderer>> loaded = PageRenderer::Load(WebDir());
    REQUIRE_MESSAGE(loaded.ok(), loaded.status().ToString());
    return std::move(*loaded);
  }();
  return *renderer;
}

std::string Must(const Result<std::string>& page) {
  REQUIRE_MESSAGE(page.ok(), page.status().ToString());
  return *page;
}

int Count(const std::string& text, const std::string& needle) {
  int count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

// The part of a page between <main ...> and </main>: what the page itself shows.
std::string MainOf(const std::string& page) {
  const std::size_t open = page.find("<main");
  const std::size_t close = page.find("</main>");
  REQUIRE(open != std::string::npos);
  REQUIRE(close != std::string::npos);
  return page.substr(open, close - open);
}

const std::string kHostile = "<script>alert('x')</script>";

PageFrame Frame(const std::string& role, const std::string& title) {
  PageFrame frame;
  frame.user = UserInfo{role == "ombuds" ? "olu" : "dana",
                        role,
                        role == "department_head" ? "transportation" : "",
                        "",
                        true,
                        "",
                        "immediate"};
  frame.may = CommandsFor(*frame.user);  // as Engine::Authenticate fills SessionInfo::may
  frame.csrf_token = "c5rf";
  frame.title = title;
  frame.active_nav = "inbox";
  return frame;
}

// The hrefs of the main navigation's links, in order.
std::vector<std::string> NavLinks(const std::string& page) {
  const std::size_t open = page.find("<nav aria-label=\"Main\"");
  if (open == std::string::npos) return {};
  const std::string nav = page.substr(open, page.find("</nav>", open) - open);
  std::vector<std::string> hrefs;
  const std::regex href("href=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(nav.begin(), nav.end(), href); it != std::sregex_iterator();
       ++it) {
    hrefs.push_back((*it)[1]);
  }
  return hrefs;
}

std::shared_ptr<const FormDefinition> AssessmentForm() {
  auto form = std::make_shared<FormDefinition>();
  form->id = "equity-impact-assessment";
  form->title = "Equity impact assessment";
  FormSection section;
  section.id = "risk";
  section.title = "Risk";
  auto field = [](const std::string& name, FieldType type, const std::string& label) {
    FormField f;
    f.name = name;
    f.type = type;
    f.label = label;
    return f;
  };
  FormField level = field("risk_level", FieldType::kChoice, "Risk level");
  level.choices = {"low", "medium", "high"};
  level.required = true;
  level.help = "How likely is harm?";
  FormField groups = field("groups", FieldType::kMultiChoice, "Groups affected");
  groups.choices = {"black", "english_learners"};
  FormField actions = field("actions", FieldType::kRecords, "Mitigation action");
  actions.record_fields = {field("action", FieldType::kText, "Action"),
                           field("due", FieldType::kDate, "Due")};
  section.fields = {field("what", FieldType::kLongText, "What is proposed?"),
                    level,
                    groups,
                    field("students", FieldType::kNumber, "Students affected"),
                    field("decided", FieldType::kDate, "Decided on"),
                    field("board", FieldType::kBoolean, "Board vote needed"),
                    field("owner", FieldType::kText, "Owner"),
                    actions};
  form->sections = {section};
  return form;
}

InitiativeView View(const std::vector<std::string>& permitted) {
  InitiativeView view;
  view.id = "EQ-2026-0001";
  view.title = "Bus routes " + kHostile;
  view.summary = "Merge routes";
  view.department = "transportation";
  view.submitter = "dana";
  view.workflow_id = "equity-impact-review";
  view.workflow_title = "Equity Impact Review";
  view.workflow_version = 1;
  view.lifecycle = LifecycleState::kInReview;
  view.stage = "assessment";
  view.stage_title = "Equity impact assessment";
  view.stage_owner = "submitter";
  view.stage_due = "2026-09-30";
  view.version = 4;
  view.filed_at = "2026-09-02T14:05:00.000Z";
  view.stage_path = {"intake", "assessment"};
  view.form = AssessmentForm();
  view.missing_required = {"risk.risk_level"};
  view.answers = {{"assessment", "equity-impact-assessment",
                   R"({"what":"Merge","groups":["black"],"board":true,"students":120,)"
                   R"("actions":[{"action":"Add a shuttle","due":"2027-01-15"}]})",
                   false}};
  view.comments = {{5, "2026-09-03T10:00:00.000Z", "maria", "cesj_reviewer", "Which routes?"}};
  view.feedback = {
      {1, "concern", "risk", "maria", "2026-09-03T10:00:00.000Z", "East zone", "", "", "", ""}};
  view.approvals = {{9, "feedback", "accept", "maria", "2026-09-04T10:00:00.000Z",
                     std::string(64, 'a'), false, "2026-09-05T10:00:00.000Z", "answers changed"}};
  view.tracked_actions = {{"EQ-2026-0001", 1, "Longer rides", "black", "Add a shuttle", "dana",
                           "2027-01-15", "", "", "in_progress", "", "", "", true}};
  view.actions = {{"submit", "route", "feedback", {"form complete: risk.risk_level"}},
                  {"withdraw", "lifecycle", "withdrawn", {}}};
  view.content_sha256 = std::string(64, 'b');
  view.permitted = permitted;
  return view;
}

MetricsView Metrics() {
  MetricsView metrics;
  metrics.attached = true;
  metrics.at = "2026-09-03T10:00:00.000Z";
  metrics.by = "dana";
  metrics.sources = "oss.csv";
  MetricRowView row;
  row.outcome = "oss";
  row.year = 2025;
  row.group = "black";
  row.n = 400;
  row.with_outcome = 80;
  row.risk = 0.2;
  row.comparison_risk = 0.05;
  row.ratio = 4.0;
  row.ratio_kind = "risk_ratio";
  row.status = "ok";
  row.flagged = true;
  metrics.rows = {row};
  return metrics;
}

std::vector<HistoryEntry> History() {
  return {{1, "2026-09-02T14:05:00.000Z", "dana", "department_head", "filed", "filed", ""}};
}

const std::vector<std::string> kFilerCommands = {"fill", "comment", "feedback answer", "data",
                                                 "mitigation status"};

// A copy of the shipped templates in a temporary folder, to break on purpose.
struct WebCopy {
  testing::TempDir dir;
  WebCopy() { fs::copy(WebDir(), dir.path(), fs::copy_options::recursive); }
  void Replace(const std::string& file, const std::string& from, const std::string& to) const {
    const std::string path = dir.path() + "/" + file;
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    const std::size_t at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from);
    text.replace(at, from.size(), to);
    std::ofstream(path, std::ios::trunc) << text;
  }
  Status Load() const {
    Result<std::unique_ptr<PageRenderer>> loaded = PageRenderer::Load(dir.path());
    REQUIRE_FALSE(loaded.ok());
    return loaded.status();
  }
};

}  // namespace

TEST_CASE("web pages: every shipped template passes its page's schema check") {
  Result<std::unique_ptr<PageRenderer>> loaded = PageRenderer::Load(WebDir());
  REQUIRE_MESSAGE(loaded.ok(), loaded.status().ToString());
  CHECK((*loaded)->static_dir() == WebDir() + "/static");
  CHECK(fs::is_regular_file((*loaded)->static_dir() + "/app.css"));
  CHECK(fs::is_regular_file((*loaded)->static_dir() + "/app.js"));
}

TEST_CASE("web pages: each builder's context has exactly its page's schema shape") {
  const PageFrame frame = Frame("department_head", "T");
  const InitiativeView view = View(kFilerCommands);
  InboxItem item{"EQ-1", "t", "d", "s", "S", "why", "2026-09-02T14:05:00.000Z", "2026-09-01", true};
  InitiativeSummary summary;
  summary.id = "EQ-1";
  DashboardView dashboard;
  dashboard.by_stage = {{"feedback", "Feedback", 3}};
  dashboard.stage_times = {{"feedback", "Feedback", 4.5, 2}};
  dashboard.flagged = {{"EQ-1", "t", "d", 4.0, "black"}};
  EventView event{3,       "EQ-1",  "2026-09-02T14:05:00.000Z", "dana", "department_head",
                  "filed", "filed", std::string(64, 'c')};
  const std::vector<EventView> events = {event};
  VerifyOutcome verify;
  verify.projection_differences = {"x"};
  const std::vector<std::pair<std::string, json>> built = {
      {web::kSignInPage, web::SignInContext(frame, "dana")},
      {web::kInvitationPage, web::InvitationContext(frame, "tok")},
      {web::kErrorPage, web::ErrorContext(frame, 404, "gone")},
      {web::kInboxPage, web::InboxContext(frame, InboxOf({item}))},
      {web::kFilePage,
       web::FileContext(frame, {{"workflow", "w", 1, "W", "", "", ""}}, PostedForm{})},
      {web::kInitiativePage, web::InitiativeContext(frame, view, History(), Metrics(), {})},
      {web::kQueuePage, web::QueueContext(frame, {summary}, InitiativeFilter{})},
      {web::kDashboardPage, web::DashboardContext(frame, dashboard)},
      {web::kAuditPage, web::AuditContext(frame, EventFilter{}, &events)},
      {web::kVerifyPage, web::VerifyContext(frame, verify)},
      {web::kAccountPage, web::AccountContext(frame, PostedForm{})},
  };
  CHECK(built.size() == web::PageNames().size());
  for (const auto& [page, context] : built) {
    INFO("page " << page);
    const json* schema = web::PageSchema(page);
    REQUIRE(schema != nullptr);
    CHECK(SchemaDifferences(*schema, context) == std::vector<std::string>{});
  }
}

TEST_CASE("web pages: every page has the frame: lang, skip link, landmarks, one h1, sign-out") {
  const PageFrame frame = Frame("department_head", "Inbox");
  const std::vector<std::string> pages = {
      Must(Shipped().InboxPage(frame, {})),
      Must(Shipped().FilePage(frame, {}, {})),
      Must(Shipped().InitiativePage(frame, View(kFilerCommands), History(), Metrics(), {})),
      Must(Shipped().QueuePage(frame, {}, {})),
      Must(Shipped().DashboardPage(frame, {})),
      Must(Shipped().AuditPage(frame, {}, nullptr)),
      Must(Shipped().VerifyPage(frame, {})),
      Must(Shipped().AccountPage(frame, {})),
      Must(Shipped().ErrorPage(frame, 404, "no such initiative")),
  };
  for (const std::string& page : pages) {
    CHECK(page.find("<html lang=\"en\">") != std::string::npos);
    CHECK(page.find("<a class=\"skip-link\" href=\"#main\">") != std::string::npos);
    CHECK(page.find("<header") != std::string::npos);
    CHECK(page.find("<nav aria-label=\"Main\"") != std::string::npos);
    CHECK(page.find("<main id=\"main\"") != std::string::npos);
    CHECK(Count(page, "<h1") == 1);
    CHECK(page.find("action=\"/signout\"") != std::string::npos);
    CHECK(page.find("name=\"csrf\" value=\"c5rf\"") != std::string::npos);
    // The Content-Security-Policy allows no inline script or style.
    CHECK(page.find("style=") == std::string::npos);
    CHECK(page.find("<style") == std::string::npos);
    CHECK(Count(page, "<script") == Count(page, "<script src=\"/static/app.js\" defer></script>"));
  }
}

TEST_CASE("web pages: the navigation offers each role what the engine lets it attempt") {
  using Links = std::vector<std::string>;
  const std::vector<std::pair<std::string, Links>> expected = {
      {"department_head", {"/inbox", "/initiatives/new", "/queue", "/dashboard"}},
      {"cesj_reviewer", {"/inbox", "/queue", "/dashboard"}},
      {"cesj_lead", {"/inbox", "/queue", "/dashboard"}},
      {"ombuds", {"/inbox", "/queue", "/dashboard", "/audit"}},
      {"admin", {"/inbox", "/audit"}},
  };
  for (const auto& [role, links] : expected) {
    CAPTURE(role);
    CHECK(NavLinks(Must(Shipped().InboxPage(Frame(role, "Inbox"), {}))) == links);
  }
  // The links follow the engine's answer, not the role's name: a head whose session may
  // attempt only the inbox is offered only the inbox, and a disabled user nothing.
  PageFrame narrowed = Frame("department_head", "Inbox");
  narrowed.may = {"inbox"};
  CHECK(NavLinks(Must(Shipped().InboxPage(narrowed, {}))) == Links{"/inbox"});
  UserInfo disabled{"dana", "department_head", "transportation", "", false, "", "immediate"};
  CHECK(CommandsFor(disabled).empty());
  CHECK(PolicyNamed("audit search") != nullptr);
  CHECK(PolicyNamed("fly") == nullptr);
}

TEST_CASE("web pages: the sign-in page shows the refusal and refills the user name") {
  PageFrame frame;
  frame.title = "Sign in";
  frame.csrf_token = "pre";
  frame.errors = {"wrong user name or password"};
  const std::string page = Must(Shipped().SignInPage(frame, "dana\"><b>"));
  CHECK(page.find("role=\"alert\"") != std::string::npos);
  CHECK(page.find("wrong user name or password") != std::string::npos);
  CHECK(page.find("value=\"dana&quot;&gt;&lt;b&gt;\"") != std::string::npos);
  CHECK(page.find("name=\"password\"") != std::string::npos);
  CHECK(page.find("action=\"/signout\"") == std::string::npos);  // nobody is signed in
  CHECK(page.find("aria-label=\"Main\"") == std::string::npos);
}

TEST_CASE("web pages: the error page says the status and offers a way back") {
  PageFrame frame;
  const std::string page = Must(Shipped().ErrorPage(frame, 404, "no initiative " + kHostile));
  CHECK(page.find("<h1>Not found</h1>") != std::string::npos);
  CHECK(page.find("Error 404") != std::string::npos);
  CHECK(page.find("href=\"/signin\"") != std::string::npos);
  CHECK(page.find("<script>alert") == std::string::npos);
  CHECK(page.find("&lt;script&gt;") != std::string::npos);
}

TEST_CASE("web pages: hostile text is escaped everywhere it appears") {
  PageFrame frame = Frame("department_head", kHostile);
  frame.notices = {kHostile};
  frame.errors = {kHostile};
  InboxItem item{"EQ-1", kHostile, kHostile, "s", kHostile, kHostile, "", "", false};
  InitiativeView view = View(kFilerCommands);
  view.comments[0].text = kHostile;
  view.feedback[0].text = kHostile;
  const std::vector<std::string> pages = {
      Must(Shipped().InboxPage(frame, InboxOf({item}))),
      Must(Shipped().InitiativePage(frame, view, History(), Metrics(), {})),
  };
  for (const std::string& page : pages) {
    CHECK(page.find("<script>alert") == std::string::npos);
    CHECK(page.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") != std::string::npos);
  }
}

TEST_CASE("web pages: the inbox calls overdue work out in words") {
  const std::vector<InboxItem> items = {
      {"EQ-1", "Late", "transportation", "assessment", "Assessment", "your turn",
       "2026-09-02T14:05:00.000Z", "2026-09-10", true},
      {"EQ-2", "On time", "transportation", "feedback", "Feedback", "your turn",
       "2026-09-03T14:05:00.000Z", "", false}};
  const std::string page =
      Must(Shipped().InboxPage(Frame("department_head", "Inbox"), InboxOf(items)));
  CHECK(page.find("2 waiting for you, <strong>1 overdue</strong>") != std::string::npos);
  CHECK(Count(page, ">Overdue<") == 1);
  CHECK(page.find("href=\"/initiatives/EQ-1\"") != std::string::npos);
  CHECK(page.find("No due date") != std::string::npos);
  CHECK(page.find("aria-current=\"page\"") != std::string::npos);
  CHECK(Must(Shipped().InboxPage(Frame("department_head", "Inbox"), {})).find("Nothing waits") !=
        std::string::npos);
}

TEST_CASE("web pages: a long inbox is shown a page at a time, with older and newer links") {
  InboxView inbox;
  inbox.items = {{"EQ-51", "Fifty-first", "transportation", "assessment", "Assessment", "your turn",
                  "2026-09-02T14:05:00.000Z", "", false}};
  inbox.waiting = 120;
  inbox.range = {50, 50};
  inbox.more = true;
  const std::string middle = Must(Shipped().InboxPage(Frame("department_head", "Inbox"), inbox));
  CHECK(middle.find("120 waiting for you, oldest first. Showing 51 to 100.") != std::string::npos);
  CHECK(middle.find("href=\"/inbox?offset=0\" rel=\"prev\">Newer") != std::string::npos);
  CHECK(middle.find("href=\"/inbox?offset=100\" rel=\"next\">Older") != std::string::npos);

  inbox.range = {100, 50};
  inbox.more = false;
  const std::string last = Must(Shipped().InboxPage(Frame("department_head", "Inbox"), inbox));
  CHECK(last.find("Showing 101 to 120.") != std::string::npos);
  CHECK(last.find("rel=\"next\"") == std::string::npos);  // nothing older
  CHECK(last.find("href=\"/inbox?offset=50\" rel=\"prev\">Newer") != std::string::npos);
}

TEST_CASE("web pages: the filer's initiative page offers the form and permitted controls") {
  const std::string page = Must(Shipped().InitiativePage(
      Frame("department_head", "Bus routes"), View(kFilerCommands), History(), Metrics(), {}));
  // The stage path: visited, then current with aria-current.
  CHECK(page.find("aria-current=\"step\"") != std::string::npos);
  CHECK(Count(page, "class=\"step-done\"") == 1);
  // The form, each field by type, stored answers as values.
  CHECK(page.find("action=\"/initiatives/EQ-2026-0001/form\"") != std::string::npos);
  CHECK(page.find("<textarea id=\"f-what\" name=\"what\" rows=\"4\">Merge</textarea>") !=
        std::string::npos);
  CHECK(page.find("<select id=\"f-risk_level\" name=\"risk_level\" "
                  "aria-describedby=\"f-risk_level-help\" aria-required=\"true\">") !=
        std::string::npos);
  CHECK(page.find("<legend>Groups affected</legend>") != std::string::npos);
  CHECK(page.find("<input type=\"hidden\" name=\"groups\" value=\"\">") != std::string::npos);
  CHECK(page.find("name=\"groups\" value=\"black\" checked") != std::string::npos);
  CHECK(page.find("name=\"groups\" value=\"english_learners\">") != std::string::npos);
  CHECK(page.find("type=\"number\" step=\"any\" id=\"f-students\" name=\"students\" "
                  "value=\"120\"") != std::string::npos);
  CHECK(page.find("<option value=\"true\" selected>Yes</option>") != std::string::npos);
  CHECK(page.find("type=\"date\" id=\"f-decided\"") != std::string::npos);
  // Records: the stored one, then a blank one to add another.
  CHECK(page.find("name=\"actions.1.action\" value=\"Add a shuttle\"") != std::string::npos);
  CHECK(page.find("name=\"actions.2.action\" value=\"\"") != std::string::npos);
  CHECK(page.find("Mitigation action 2 (new)") != std::string::npos);
  // What is missing links to its field.
  CHECK(page.find("<a href=\"#f-risk_level\">Risk level</a>") != std::string::npos);
  // Actions: one button per event, named in words, a blocked one disabled with its reason.
  CHECK(page.find("value=\"submit\" data-testid=\"act-submit\" "
                  "aria-describedby=\"f-act-submit-desc\" disabled>Submit</button>") !=
        std::string::npos);
  CHECK(page.find("<strong>Not yet:</strong> form complete: risk.risk_level") != std::string::npos);
  CHECK(page.find("data-testid=\"act-withdraw\" aria-describedby=\"f-act-withdraw-desc\">"
                  "Withdraw</button>") != std::string::npos);
  CHECK(page.find("name=\"version\" value=\"4\"") != std::string::npos);
  // The commands permitted, and only those.
  CHECK(page.find("action=\"/initiatives/EQ-2026-0001/comments\"") != std::string::npos);
  CHECK(page.find("action=\"/initiatives/EQ-2026-0001/feedback/1/answer\"") != std::string::npos);
  CHECK(page.find("action=\"/initiatives/EQ-2026-0001/feedback\"") == std::string::npos);
  CHECK(page.find("enctype=\"multipart/form-data\"") != std::string::npos);
  CHECK(page.find("name=\"state_csv\"") != std::string::npos);
  CHECK(page.find("action=\"/initiatives/EQ-2026-0001/tracked/1/status\"") != std::string::npos);
  // Equity data: a flagged row says so in words; the approval's hash and its voiding.
  CHECK(page.find("<tr class=\"flagged\">") != std::string::npos);
  CHECK(page.find(">Flagged</strong>") != std::string::npos);
  CHECK(page.find(std::string(64, 'a')) != std::string::npos);
  CHECK(page.find("<strong>Void</strong>") != std::string::npos);
  CHECK(page.find("href=\"/initiatives/EQ-2026-0001/statement\"") != std::string::npos);
  CHECK(page.find(">Overdue</strong>") != std::string::npos);  // the tracked action
}

TEST_CASE("web pages: the ombuds' initiative page has no form and no button") {
  InitiativeView view = View({});
  view.actions.clear();
  const std::string page =
      Must(Shipped().InitiativePage(Frame("ombuds", "Bus routes"), view, History(), Metrics(), {}));
  const std::string main = MainOf(page);
  CHECK(main.find("<form") == std::string::npos);
  CHECK(main.find("<button") == std::string::npos);
  CHECK(main.find("<input") == std::string::npos);
  CHECK(main.find("<textarea") == std::string::npos);
  CHECK(main.find("<select") == std::string::npos);
  // The answers are read, not edited.
  CHECK(main.find("<dd id=\"f-what\">") != std::string::npos);
  CHECK(main.find("Add a shuttle") != std::string::npos);
  CHECK(main.find("Nothing on this initiative is waiting for you to act.") != std::string::npos);
  // Ombuds navigation: no filing.
  CHECK(page.find("href=\"/initiatives/new\"") == std::string::npos);
  CHECK(page.find("href=\"/audit\"") != std::string::npos);
}

TEST_CASE("web pages: a refused fill shows each problem beside its field and keeps the values") {
  PostedForm posted;
  posted.form = "fill";
  posted.fields = {{"what", "Posted text"},
                   {"risk_level", "severe"},
                   {"actions.1.action", "A"},
                   {"actions.1.due", "2027-02-30"},
                   {"groups", ""}};
  posted.problems = {{"risk_level", "'severe' is not one of low, medium, high"},
                     {"actions.1.due", "2027-02-30 is not a date"},
                     {"", "the form as a whole is odd"}};
  const std::string page = Must(Shipped().InitiativePage(
      Frame("department_head", "Bus"), View(kFilerCommands), History(), Metrics(), posted));
  CHECK(page.find("id=\"error-summary\"") != std::string::npos);
  CHECK(page.find("<a href=\"#f-risk_level\">Risk level: &#39;severe&#39; is not one of low, "
                  "medium, high</a>") != std::string::npos);
  CHECK(page.find("<a href=\"#f-actions-1-due\">Mitigation action 1, Due: 2027-02-30 is not a "
                  "date</a>") != std::string::npos);
  CHECK(page.find("<a href=\"#stage-form\">the form as a whole is odd</a>") != std::string::npos);
  CHECK(page.find(
            "aria-describedby=\"f-risk_level-help f-risk_level-error\" aria-invalid=\"true\"") !=
        std::string::npos);
  CHECK(page.find("id=\"f-risk_level-error\"") != std::string::npos);
  CHECK(page.find("id=\"f-actions-1-due\" name=\"actions.1.due\" value=\"2027-02-30\" "
                  "aria-describedby=\"f-actions-1-due-error\" aria-invalid=\"true\"") !=
        std::string::npos);
  // Posted values, not the stored ones; "groups" posted empty is unticked.
  CHECK(page.find(">Posted text</textarea>") != std::string::npos);
  CHECK(page.find("name=\"groups\" value=\"black\" checked") == std::string::npos);
  CHECK(page.find("Mitigation action 2 (new)") != std::string::npos);
}

TEST_CASE("web pages: a refused comment or action keeps what was typed") {
  PostedForm comment{"comment", {{"text", "My half-typed comment"}}, {{"text", "too long"}}};
  std::string page = Must(Shipped().InitiativePage(
      Frame("department_head", "Bus"), View(kFilerCommands), History(), Metrics(), comment));
  CHECK(page.find(">My half-typed comment</textarea>") != std::string::npos);
  CHECK(page.find("<a href=\"#comment-text\">Comment: too long</a>") != std::string::npos);
  PostedForm act{"act", {{"note", "why"}}, {}};
  page = Must(Shipped().InitiativePage(Frame("department_head", "Bus"), View(kFilerCommands),
                                       History(), Metrics(), act));
  CHECK(page.find("name=\"note\" rows=\"3\">why</textarea>") != std::string::npos);
}

TEST_CASE("web pages: a reviewer may add feedback but not fill the form") {
  InitiativeView view = View({"comment", "feedback add"});
  const std::string page =
      Must(Shipped().InitiativePage(Frame("cesj_reviewer", "Bus"), view, History(), Metrics(), {}));
  CHECK(page.find("action=\"/initiatives/EQ-2026-0001/feedback\"") != std::string::npos);
  CHECK(page.find("<option value=\"risk\">Risk</option>") != std::string::npos);
  CHECK(page.find("action=\"/initiatives/EQ-2026-0001/form\"") == std::string::npos);
  CHECK(page.find("/answer\"") == std::string::npos);
  CHECK(page.find("multipart/form-data") == std::string::npos);
}

TEST_CASE("web pages: the stage path ends at the lifecycle state once the review ends") {
  InitiativeView view = View({});
  view.lifecycle = LifecycleState::kApproved;
  view.stage = "";
  view.stage_path = {"assessment", "feedback", "signoff"};
  const std::string page =
      Must(Shipped().InitiativePage(Frame("ombuds", "Bus"), view, History(), MetricsView{}, {}));
  CHECK(Count(page, "class=\"step-done\"") == 3);
  CHECK(page.find("<span class=\"step-label\">Approved</span>") != std::string::npos);
  CHECK(page.find("No equity data is attached yet.") != std::string::npos);
}

// The stage path as drawn: "Label: state" per step, "*" after the one with aria-current.
std::vector<std::string> StepsOf(const std::string& page) {
  const std::size_t open = page.find("data-testid=\"stage-path\"");
  REQUIRE(open != std::string::npos);
  const std::string path = page.substr(open, page.find("</ol>", open) - open);
  const std::regex step(
      "<li class=\"step-([a-z-]+)\"( aria-current=\"step\")?>\\s*"
      "<span class=\"step-number\" aria-hidden=\"true\">\\d+</span>\\s*"
      "<span class=\"step-label\">([^<]*)</span>\\s*<span class=\"step-state\">\\(([^)]*)\\)");
  std::vector<std::string> steps;
  for (auto it = std::sregex_iterator(path.begin(), path.end(), step); it != std::sregex_iterator();
       ++it) {
    const std::string state = (*it)[1];
    const std::string words = (*it)[4];
    CHECK((words == state || (state == "current" && words.rfind("now", 0) == 0) ||
           (state == "not-reached" && words == "not reached")));  // the state said in words
    steps.push_back(std::string((*it)[3]) + ": " + state + ((*it)[2].matched ? "*" : ""));
  }
  return steps;
}

TEST_CASE("web pages: the stage path draws the whole workflow, done, current, skipped, ahead") {
  InitiativeView view = View({});
  view.workflow_path = {{"intake", "Intake", ""},
                        {"assessment", "Equity impact assessment", ""},
                        {"mitigation", "", ""},
                        {"feedback", "Thought-partner feedback", ""},
                        {"signoff", "Equity sign-off", ""},
                        {"approved", "Signed off", "approve"},
                        {"declined", "Declined", "reject"},
                        {kReportBackStage, "Report back on results", ""}};
  auto steps = [&] {
    return StepsOf(
        Must(Shipped().InitiativePage(Frame("ombuds", "Bus"), view, History(), Metrics(), {})));
  };
  using Steps = std::vector<std::string>;

  // In review at feedback, having gone past mitigation without entering it.
  view.stage = "feedback";
  view.stage_path = {"intake", "assessment", "feedback"};
  CHECK(steps() == Steps{"Intake: done", "Equity impact assessment: done", "Mitigation: skipped",
                         "Thought-partner feedback: current*", "Equity sign-off: ahead",
                         "Signed off: ahead", "Report back on results: ahead"});
  // On hold it is still the current step, and says so.
  view.lifecycle = LifecycleState::kOnHold;
  CHECK(steps()[3] == "Thought-partner feedback: current*");

  // A draft comes before the route; nothing of it is entered yet.
  view.lifecycle = LifecycleState::kDraft;
  view.stage = "";
  view.stage_path = {};
  CHECK(steps() == Steps{"Draft: current*", "Intake: ahead", "Equity impact assessment: ahead",
                         "Mitigation: ahead", "Thought-partner feedback: ahead",
                         "Equity sign-off: ahead", "Signed off: ahead",
                         "Report back on results: ahead"});

  // Signed off and reporting back: every stage not entered was skipped.
  view.lifecycle = LifecycleState::kMonitoring;
  view.stage = kReportBackStage;
  view.stage_path = {"intake", "assessment", "feedback", "signoff", "approved"};
  CHECK(steps() == Steps{"Intake: done", "Equity impact assessment: done", "Mitigation: skipped",
                         "Thought-partner feedback: done", "Equity sign-off: done",
                         "Signed off: done", "Report back on results: current*"});

  // Withdrawn during the assessment: the rest was never reached.
  view.lifecycle = LifecycleState::kWithdrawn;
  view.stage = "assessment";
  view.stage_path = {"intake", "assessment"};
  CHECK(steps() == Steps{"Intake: done", "Equity impact assessment: done",
                         "Mitigation: not-reached", "Thought-partner feedback: not-reached",
                         "Equity sign-off: not-reached", "Report back on results: not-reached",
                         "Withdrawn: current*"});

  // Declined at sign-off: the rejecting end is shown, the approving one is not.
  view.lifecycle = LifecycleState::kRejected;
  view.stage_path = {"intake", "assessment", "feedback", "signoff", "declined"};
  const Steps declined = steps();
  CHECK(std::find(declined.begin(), declined.end(), "Declined: done") != declined.end());
  CHECK(std::find(declined.begin(), declined.end(), "Signed off: ahead") == declined.end());
  CHECK(declined.back() == "Rejected: current*");
  CHECK(Count(declined.back(), "*") == 1);
}

TEST_CASE("web pages: the queue groups by department, the longest wait first") {
  auto summary = [](const std::string& id, const std::string& department, int days) {
    InitiativeSummary s;
    s.id = id;
    s.title = id;
    s.department = department;
    s.lifecycle = LifecycleState::kInReview;
    s.stage = "feedback";
    s.days_in_stage = days;
    return s;
  };
  InitiativeFilter filter;
  filter.lifecycle = "in_review";
  filter.text = "bus \"x\"";
  const std::string page =
      Must(Shipped().QueuePage(Frame("cesj_lead", "Initiatives"),
                               {summary("EQ-1", "transportation", 2), summary("EQ-2", "finance", 1),
                                summary("EQ-3", "transportation", 9)},
                               filter));
  const std::size_t finance = page.find(">finance <");
  const std::size_t transportation = page.find(">transportation <");
  REQUIRE(finance != std::string::npos);
  REQUIRE(transportation != std::string::npos);
  CHECK(finance < transportation);
  CHECK(page.find("queue-item-EQ-3") < page.find("queue-item-EQ-1"));
  CHECK(page.find("<option value=\"in_review\" selected>In review</option>") != std::string::npos);
  CHECK(page.find("value=\"bus &quot;x&quot;\"") != std::string::npos);
}

TEST_CASE("web pages: dashboard charts are SVG with a text alternative and a table") {
  DashboardView dashboard;
  dashboard.by_stage = {{"assessment", "Assessment", 4}, {"feedback", "Feedback", 2}};
  dashboard.stage_times = {{"feedback", "Feedback", 4.5, 2}};
  dashboard.overdue_stages = 3;
  dashboard.flagged = {{"EQ-1", "Bus", "transportation", 4.0, "black"}};
  const std::string page =
      Must(Shipped().DashboardPage(Frame("cesj_lead", "Dashboard"), dashboard));
  CHECK(page.find("<svg class=\"chart\" role=\"img\"") != std::string::npos);
  CHECK(page.find("<title id=\"by-stage-title\">Open initiatives by stage</title>") !=
        std::string::npos);
  CHECK(page.find("<desc id=\"by-stage-desc\">Assessment: 4; Feedback: 2</desc>") !=
        std::string::npos);
  // The longest bar is the full width; the others in proportion.
  CHECK(page.find("y=\"10\" width=\"300\"") != std::string::npos);
  CHECK(page.find("y=\"40\" width=\"150\"") != std::string::npos);
  CHECK(page.find("4.5 days (2 stays)") != std::string::npos);
  CHECK(page.find("data-testid=\"overdue-stages\">3<") != std::string::npos);
  CHECK(page.find("<th scope=\"row\">Assessment</th><td class=\"num\">4</td>") !=
        std::string::npos);
  CHECK(page.find(">4.00<") != std::string::npos);
}

TEST_CASE("web pages: the audit search and the chain's verification") {
  EventFilter filter;
  filter.actor = "dana";
  const std::vector<EventView> events = {
      {3, "EQ-1", "2026-09-02T14:05:00.000Z", "dana", "department_head", "stage_advanced", "accept",
       std::string(64, 'd')},
      {4, "", "2026-09-02T15:00:00.000Z", "root", "admin", "user_added", "user added",
       std::string(64, 'e')}};
  std::string page = Must(Shipped().AuditPage(Frame("ombuds", "Audit"), filter, &events));
  CHECK(page.find("value=\"dana\"") != std::string::npos);
  CHECK(page.find("Matching events: 2") != std::string::npos);
  CHECK(page.find("<a href=\"/initiatives/EQ-1\">EQ-1</a>") != std::string::npos);
  CHECK(page.find(">System<") != std::string::npos);
  CHECK(page.find("href=\"/audit/export.csv\"") != std::string::npos);
  CHECK(page.find("href=\"/audit/verify\"") != std::string::npos);
  CHECK(Must(Shipped().AuditPage(Frame("ombuds", "Audit"), {}, nullptr)).find("Events found") ==
        std::string::npos);

  VerifyOutcome outcome;
  outcome.intact = true;
  outcome.events_checked = 120;
  outcome.head_seq = 120;
  outcome.head_hash = std::string(64, 'f');
  page = Must(Shipped().VerifyPage(Frame("ombuds", "Verify"), outcome));
  CHECK(page.find("<strong>Intact.</strong> All 120 events verify") != std::string::npos);
  CHECK(page.find("data-testid=\"head-hash\">" + std::string(64, 'f') + "<") != std::string::npos);
  outcome.intact = false;
  outcome.first_bad_seq = 17;
  outcome.problem = "event 17's hash does not match";
  page = Must(Shipped().VerifyPage(Frame("ombuds", "Verify"), outcome));
  CHECK(page.find("<strong>Not intact.</strong> event 17&#39;s hash does not match") !=
        std::string::npos);
  CHECK(page.find("number 17") != std::string::npos);
}

TEST_CASE("web pages: filing offers the newest version of each workflow") {
  const std::vector<DefinitionInfo> definitions = {
      {"workflow", "equity-impact-review", 1, "Equity Impact Review", "", "", ""},
      {"workflow", "equity-impact-review", 2, "Equity Impact Review", "", "", ""},
      {"form", "equity-impact-assessment", 1, "Assessment", "", "", ""}};
  PostedForm posted{"file", {{"title", "Kept"}, {"summary", "Kept too"}}, {{"title", "too long"}}};
  const std::string page =
      Must(Shipped().FilePage(Frame("department_head", "File"), definitions, posted));
  CHECK(Count(page, "name=\"workflow\"") == 1);
  CHECK(page.find("(version 2)") != std::string::npos);
  CHECK(page.find("value=\"Kept\"") != std::string::npos);
  CHECK(page.find(">Kept too</textarea>") != std::string::npos);
  CHECK(page.find("<a href=\"#file-title\">Title: too long</a>") != std::string::npos);
  CHECK(page.find("<strong>transportation</strong>") != std::string::npos);
}

TEST_CASE("web pages: a template using an unknown variable is refused with file:line:col") {
  WebCopy copy;
  copy.Replace("initiative.mustache", "{{initiative.summary}}</p>", "{{initiative.sumary}}</p>");
  copy.Replace("inbox.mustache", "{{> header}}", "{{> header}}\n  {{inboks.count}}");
  const Status status = copy.Load();
  CHECK(status.category() == ErrorCategory::kInvalidInput);
  CHECK(status.message().find("templates/web/inbox.mustache:2:3: unknown variable "
                              "'inboks.count' (did you mean 'inbox.count'?)") != std::string::npos);
  CHECK(status.message().find("templates/web/initiative.mustache:") != std::string::npos);
  CHECK(status.message().find("unknown variable 'initiative.sumary' (did you mean "
                              "'initiative.summary'?)") != std::string::npos);
}

TEST_CASE("web pages: a partial is checked where each page includes it") {
  WebCopy copy;
  copy.Replace("partials/footer.mustache", "</main>", "{{inbox.count}}</main>");
  const std::string message = copy.Load().message();
  // Fine in the inbox, which has `inbox`; refused in every other page, naming the partial.
  CHECK(message.find("templates/web/partials/footer.mustache:2:1: unknown variable "
                     "'inbox.count' (included from templates/web/audit.mustache:") !=
        std::string::npos);
  CHECK(message.find("included from templates/web/inbox.mustache") == std::string::npos);
}

TEST_CASE("web pages: unescaped tags, unknown partials, stray and missing pages are refused") {
  {
    WebCopy copy;
    copy.Replace("error.mustache", "{{error.message}}", "{{{error.message}}}");
    CHECK(copy.Load().message().find("templates/web/error.mustache:3:32: unescaped tag for "
                                     "'error.message' is not allowed here") != std::string::npos);
  }
  {
    WebCopy copy;
    copy.Replace("verify.mustache", "{{> footer}}", "{{> foter}}");
    CHECK(copy.Load().message().find("unknown partial 'foter' (did you mean 'footer'?)") !=
          std::string::npos);
  }
  {
    WebCopy copy;
    copy.dir.Write("partials/unused.mustache", "hello");
    copy.dir.Write("inboxx.mustache", "hello");
    fs::remove(copy.dir.path() + "/queue.mustache");
    const std::string message = copy.Load().message();
    CHECK(message.find("templates/web/partials/unused.mustache: included by no page") !=
          std::string::npos);
    CHECK(message.find("templates/web/inboxx.mustache: no page of that name") != std::string::npos);
    CHECK(message.find("templates/web/queue.mustache: missing") != std::string::npos);
  }
  {
    WebCopy copy;
    copy.dir.Write("partials/loop.mustache", "{{> loop}}");
    copy.Replace("verify.mustache", "{{> footer}}", "{{> loop}}{{> footer}}");
    CHECK(copy.Load().message().find("partial 'loop' includes itself") != std::string::npos);
  }
  testing::TempDir empty;
  Result<std::unique_ptr<PageRenderer>> none = PageRenderer::Load(empty.path());
  REQUIRE_FALSE(none.ok());
  CHECK(none.status().category() == ErrorCategory::kNotFound);
}

TEST_CASE("web pages: pages render safely from many threads at once") {
  const InitiativeView view = View(kFilerCommands);
  const std::string expected = Must(
      Shipped().InitiativePage(Frame("department_head", "Bus"), view, History(), Metrics(), {}));
  std::vector<std::thread> threads;
  std::vector<int> same(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        Result<std::string> page = Shipped().InitiativePage(Frame("department_head", "Bus"), view,
                                                            History(), Metrics(), {});
        same[t] += page.ok() && *page == expected ? 1 : 0;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(same == std::vector<int>(4, 10));
}

}  // namespace equilens
