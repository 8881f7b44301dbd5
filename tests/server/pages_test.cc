// The web pages through a real server: what a page offers follows what the engine lets the
// signed-in user attempt (filing is for department heads only; the others get the engine's
// refusal, not a form it would refuse), and the equity-data upload posts the JSON API's field
// names.
#include <doctest/doctest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "server/data_upload.h"
#include "server/server_fixture.h"

namespace equilens::testing {
namespace {

// The page escapes what the engine says: "'file'" arrives as "&#39;file&#39;".
std::string Escaped(std::string text) {
  std::string out;
  for (char c : text) out += c == '\'' ? std::string("&#39;") : std::string(1, c);
  return out;
}

std::string FileDraft(HttpClient& dana, const std::string& workflow) {
  const HttpReply filed = dana.Send("POST", "/api/initiatives",
                                    Body({{"workflow", workflow}, {"title", "Later start"}}));
  INFO(filed.body);
  REQUIRE(filed.status == 201);
  return Json(filed)["id"];
}

// The names of the inputs of the form whose id is `form_id` on `page`.
std::set<std::string> InputNames(const std::string& page, const std::string& form_id) {
  const std::size_t open = page.find("id=\"" + form_id + "\"");
  REQUIRE(open != std::string::npos);
  const std::string form = page.substr(open, page.find("</form>", open) - open);
  std::set<std::string> names;
  const std::regex name("<(input|select|textarea)[^>]* name=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(form.begin(), form.end(), name); it != std::sregex_iterator();
       ++it) {
    names.insert((*it)[2]);
  }
  return names;
}

// A district's figures too small for a comparison of its own, and the state's (the alternate
// risk ratio uses the state's other groups: tests/data/equity/alternate_*.csv).
constexpr char kDistrict[] = "group,in_group,with_outcome\nHispanic,60,15\nWhite,25,3\n";
constexpr char kState[] =
    "group,in_group,with_outcome\nHispanic,100000,20000\nWhite,500000,60000\n";

}  // namespace

TEST_CASE("server pages: only a role that may file gets the filing form") {
  ServerFixture f;
  HttpClient dana = f.As("dana");
  const HttpReply form = dana.Get("/initiatives/new");
  CHECK(form.status == 200);
  CHECK(Contains(form.body, "data-testid=\"file-form\""));
  CHECK(Contains(dana.Get("/inbox").body, "href=\"/initiatives/new\""));

  const std::vector<std::pair<std::string, std::string>> refused = {
      {"olga", "the ombuds office reads the record but never changes it ('file' writes)"},
      {"rey", "'file' is for department_head; rey is cesj_reviewer"},
      {"lee", "'file' is for department_head; lee is cesj_lead"},
      {"ada", "'file' is for department_head; ada is admin"},
  };
  for (const auto& [user, rule] : refused) {
    CAPTURE(user);
    HttpClient client = f.As(user);
    const HttpReply reply = client.Get("/initiatives/new");
    CHECK(reply.status == 403);
    CHECK(Contains(reply.body, Escaped(rule)));
    CHECK_FALSE(Contains(reply.body, "file-form"));  // no form to fill in only to be refused
    // The refusal page keeps the user's own navigation, without the filing link.
    CHECK(Contains(reply.body, "href=\"/inbox\""));
    CHECK_FALSE(Contains(reply.body, "href=\"/initiatives/new\""));
    CHECK_FALSE(Contains(client.Get("/inbox").body, "href=\"/initiatives/new\""));
  }
  CHECK(Contains(f.As("olga").Get("/initiatives/new").body, "href=\"/audit\""));
}

TEST_CASE("server pages: the initiative page draws its workflow's whole stage path") {
  ServerFixture f(/*shipped=*/true);
  HttpClient dana = f.As("dana");
  const std::string id = FileDraft(dana, "equity-impact-review");
  REQUIRE(dana.Send("POST", "/api/initiatives/" + id + "/actions/submit", "{}").status == 200);
  const std::string page = dana.Get("/initiatives/" + id).body;
  std::string order;  // each step's label and state, in the page's order
  const std::regex step(
      "<li class=\"step-([a-z-]+)\"[^>]*>\\s*<span[^>]*>\\d+</span>\\s*"
      "<span class=\"step-label\">([^<]*)</span>");
  for (auto it = std::sregex_iterator(page.begin(), page.end(), step); it != std::sregex_iterator();
       ++it) {
    order += std::string((*it)[2]) + " (" + std::string((*it)[1]) + "); ";
  }
  CHECK(order ==
        "Intake (current); Equity impact assessment (ahead); Thought-partner feedback (ahead); "
        "Mitigation plan (ahead); Equity sign-off (ahead); Signed off (ahead); "
        "Report back on results (ahead); ");
  CHECK(Contains(page, "<li class=\"step-current\" aria-current=\"step\">"));
}

TEST_CASE("server pages: the equity-data form posts the API's field names") {
  ServerFixture f;
  HttpClient dana = f.As("dana");
  const std::string id = FileDraft(dana, "mini-review");
  const std::string page = dana.Get("/initiatives/" + id).body;

  // The form's inputs are the upload's fields, as the API spells them (the guards aside).
  std::set<std::string> wanted;
  for (const std::string& name : server::DataUploadFields()) {
    if (name != "expect_version" && name != "request_id") wanted.insert(name);
  }
  CHECK(InputNames(page, "data-form") == wanted);

  // Posted as the page posts them, every field counts: the parameters, and the state's file
  // (without it the district's too-small comparison group gives no alternate risk ratio).
  const HttpReply posted = dana.PostMultipart("/initiatives/" + id + "/data",
                                              {{"csrf", dana.csrf, "", ""},
                                               {"csv", kDistrict, "district.csv", "text/csv"},
                                               {"state_csv", kState, "state.csv", "text/csv"},
                                               {"outcome", "out_of_school_suspension", "", ""},
                                               {"year", "2025", "", ""},
                                               {"favourable", "", "", ""},
                                               {"min_cell", "5", "", ""},
                                               {"min_n", "40", "", ""},
                                               {"risk_ratio_threshold", "2.5", "", ""},
                                               {"impact_ratio_floor", "0.7", "", ""},
                                               {"persistent_years", "2", "", ""}});
  INFO(posted.body);
  CHECK(posted.status == 303);
  const nlohmann::json metrics = Json(dana.Get("/api/initiatives/" + id + "/metrics"));
  CHECK(metrics["parameters"]["min_cell"] == 5);
  CHECK(metrics["parameters"]["min_n"] == 40);
  CHECK(metrics["parameters"]["risk_ratio_threshold"] == 2.5);
  CHECK(metrics["parameters"]["impact_ratio_floor"] == 0.7);
  CHECK(metrics["parameters"]["persistent_years"] == 2);
  CHECK(metrics["sources"] == "district.csv");
  bool alternate = false;
  for (const nlohmann::json& row : metrics["rows"]) {
    alternate |= row["group"] == "Hispanic" && row["ratio_kind"] == "alternate_risk_ratio";
  }
  CHECK(alternate);

  // The old hyphenated spelling is refused by name, with the one to use.
  const HttpReply old = dana.PostMultipart(
      "/initiatives/" + id + "/data",
      {{"csv", kDistrict, "district.csv", "text/csv"}, {"min-cell", "2", "", ""}});
  CHECK(old.status == 422);
  CHECK(Contains(old.body, "unknown field &#39;min-cell&#39; (did you mean &#39;min_cell&#39;?)"));
  // A file posted empty (as a browser posts a file input left empty) is no file.
  const HttpReply empty =
      dana.PostMultipart("/initiatives/" + id + "/data", {{"csv", "", "empty.csv", "text/csv"}});
  CHECK(empty.status == 422);
  CHECK(Contains(empty.body, "choose a CSV file"));
}

}  // namespace equilens::testing

namespace equilens::testing {

TEST_CASE("server pages: each person sets their own e-mail and notification choice") {
  ServerFixture f;
  HttpClient rey = f.As("rey");
  const HttpReply empty = rey.Get("/account");
  REQUIRE(empty.status == 200);
  CHECK(Contains(empty.body, "data-testid=\"no-email\""));
  CHECK(Contains(empty.body,
                 "value=\"immediate\" aria-describedby=\"notify-immediate-hint\" "
                 "checked"));

  const HttpReply saved = rey.PostForm(
      "/account", {{"csrf", rey.csrf}, {"email", "rey@district.example"}, {"notify", "digest"}});
  CHECK(saved.status == 303);
  CHECK(saved.Header("location") == "/account");
  const HttpReply shown = rey.Get("/account");
  CHECK(Contains(shown.body, "Your notification choice is saved."));
  CHECK(Contains(shown.body, "value=\"rey@district.example\""));
  CHECK(Contains(shown.body, "value=\"digest\" aria-describedby=\"notify-digest-hint\" checked"));
  CHECK_FALSE(Contains(shown.body, "data-testid=\"no-email\""));

  // A refusal comes back with what was posted and the engine's reason; nothing changes.
  const HttpReply refused =
      rey.PostForm("/account", {{"csrf", rey.csrf}, {"email", "not an address"}});
  CHECK(refused.status == 422);
  CHECK(Contains(refused.body, "value=\"not an address\""));
  CHECK(Contains(refused.body, "is not of the form name@district.example"));
  CHECK(Contains(rey.Get("/account").body, "value=\"rey@district.example\""));
  // Without the CSRF token, nothing.
  HttpClient no_token = rey;  // the same session cookie, no token in the form or a header
  no_token.csrf.clear();
  CHECK(no_token.PostForm("/account", {{"email", "x@y.example"}}).status == 403);

  // The ombuds changes nothing, not even their own choice: an admin sets it for them.
  HttpClient olga = f.As("olga");
  const HttpReply read_only = olga.Get("/account");
  CHECK(read_only.status == 200);
  CHECK_FALSE(Contains(read_only.body, "action=\"/account\""));
  CHECK(Contains(read_only.body, "data-testid=\"account-facts\""));
  const HttpReply ombuds = olga.PostForm("/account", {{"csrf", olga.csrf}, {"notify", "off"}});
  CHECK(ombuds.status == 403);
  CHECK(Contains(ombuds.body, "never changes it"));
}

}  // namespace equilens::testing
