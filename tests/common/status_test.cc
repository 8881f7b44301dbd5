// Status and Result: categories carry through and read as the CLI prints them.
#include "equilens/status.h"

#include <doctest/doctest.h>

#include "equilens/sha256.h"

namespace equilens {

TEST_CASE("a refusal keeps its category and reads with the category's name") {
  Status status = RefusedByRule("the initiative is on hold");
  CHECK_FALSE(status.ok());
  CHECK(status.category() == ErrorCategory::kRefusedByRule);
  CHECK(status.ToString() == "refused_by_rule: the initiative is on hold");
  CHECK(Status::Ok().ToString() == "ok");
}

TEST_CASE("a Result holds either a value or the status that says why not") {
  Result<int> good = 42;
  REQUIRE(good.ok());
  CHECK(*good == 42);
  Result<int> bad = NotFound("no initiative EQ-2026-0009");
  CHECK_FALSE(bad.ok());
  CHECK(bad.status().category() == ErrorCategory::kNotFound);
}

TEST_CASE("SHA-256 matches the FIPS 180-2 test vector") {
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace equilens
