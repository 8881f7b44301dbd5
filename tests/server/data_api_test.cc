// /api/initiatives/:id/data and /metrics through the real server: the CSV as JSON text or as
// a multipart upload, its problems as 422, who may attach and who may read.
#include <doctest/doctest.h>

#include "server/server_fixture.h"

namespace equilens::testing {
namespace {

using nlohmann::json;

constexpr char kCsv[] =
    "outcome,year,group,in_group,with_outcome\n"
    "out_of_school_suspension,2025,Black,100,40\n"
    "out_of_school_suspension,2025,White,1000,100\n";

std::string FileDraft(HttpClient& dana) {
  const HttpReply filed = dana.Send("POST", "/api/initiatives",
                                    Body({{"workflow", "mini-review"}, {"title", "Later start"}}));
  REQUIRE(filed.status == 201);
  return Json(filed)["id"];
}

TEST_CASE("server api: equity data attached as JSON, read back as metrics") {
  ServerFixture f;
  HttpClient dana = f.As("dana");
  HttpClient rey = f.As("rey");
  HttpClient olga = f.As("olga");
  HttpClient omar = f.As("omar");
  const std::string id = FileDraft(dana);
  const std::string base = "/api/initiatives/" + id;

  CHECK(Json(dana.Get(base + "/metrics"))["attached"] == false);
  const HttpReply attached =
      dana.Send("POST", base + "/data", Body({{"csv", kCsv}, {"csv_name", "oss.csv"}}));
  INFO(attached.body);
  REQUIRE(attached.status == 200);
  const json metrics = Json(attached);
  CHECK(metrics["attached"] == true);
  CHECK(metrics["summary"]["max_risk_ratio"].get<double>() == doctest::Approx(4.0).epsilon(0.3));

  // Reading: the department, reviewers, the ombuds; another department gets 404.
  const HttpReply read = rey.Get(base + "/metrics");
  REQUIRE(read.status == 200);
  CHECK(Json(read)["rows"] == metrics["rows"]);
  CHECK(olga.Get(base + "/metrics").status == 200);
  CHECK(omar.Get(base + "/metrics").status == 404);
  const HttpReply recomputed = olga.Get(base + "/metrics?recompute=true");
  REQUIRE(recomputed.status == 200);
  CHECK(Json(recomputed)["recompute"] == "identical");
  CHECK(olga.Get(base + "/metrics?recompute=maybe").status == 400);

  // Attaching: the filing department only.
  CHECK(rey.Send("POST", base + "/data", Body({{"csv", kCsv}})).status == 403);
  CHECK(olga.Send("POST", base + "/data", Body({{"csv", kCsv}})).status == 403);
  CHECK(omar.Send("POST", base + "/data", Body({{"csv", kCsv}})).status == 404);

  // Bad CSV and bad parameters: 422 naming the problem, nothing attached.
  const std::int64_t version = Json(dana.Get(base))["version"];
  const HttpReply bad_csv = dana.Send("POST", base + "/data",
                                      Body({{"csv", "group,in_group,with_outcome\nBlack,10,20\n"},
                                            {"outcome", "oss"},
                                            {"year", 2025}}));
  CHECK(bad_csv.status == 422);
  CHECK(Category(bad_csv) == "invalid_input");
  CHECK(dana.Send("POST", base + "/data", Body({{"csv", kCsv}, {"year", "2025"}})).status == 422);
  CHECK(dana.Send("POST", base + "/data", Body({{"csv", kCsv}, {"min_cel", 5}})).status == 422);
  CHECK(dana.Send("POST", base + "/data", Body({{"outcome", "oss"}})).status == 422);
  CHECK(Json(dana.Get(base))["version"] == version);
}

TEST_CASE("server api: equity data uploaded as multipart files") {
  ServerFixture f;
  HttpClient dana = f.As("dana");
  const std::string id = FileDraft(dana);
  const std::string base = "/api/initiatives/" + id;
  const HttpReply uploaded = dana.PostMultipart(
      base + "/data", {{"csv", kCsv, "oss_2025.csv", "text/csv"}, {"min_cell", "5", "", ""}});
  INFO(uploaded.body);
  REQUIRE(uploaded.status == 200);
  CHECK(Json(uploaded)["attached"] == true);
  CHECK(Contains(Json(uploaded)["sources"].get<std::string>(), "oss_2025.csv"));

  const HttpReply no_file = dana.PostMultipart(base + "/data", {{"outcome", "oss", "", ""}});
  CHECK(no_file.status == 422);
  CHECK(Contains(Message(no_file), "'csv'"));
  const HttpReply typo = dana.PostMultipart(
      base + "/data", {{"csv", kCsv, "a.csv", "text/csv"}, {"yeer", "1", "", ""}});
  CHECK(typo.status == 422);
  CHECK(Contains(Message(typo), "did you mean 'year'"));
  const HttpReply not_number = dana.PostMultipart(
      base + "/data", {{"csv", kCsv, "a.csv", "text/csv"}, {"min_n", "many", "", ""}});
  CHECK(not_number.status == 422);
  // The CSRF token is required for uploads as for everything else.
  HttpClient no_token = dana;
  no_token.csrf = "";
  CHECK(no_token.PostMultipart(base + "/data", {{"csv", kCsv, "a.csv", "text/csv"}}).status == 403);
}

}  // namespace
}  // namespace equilens::testing
