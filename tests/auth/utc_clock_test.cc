// Instants: ISO 8601 UTC text and Unix milliseconds convert both ways, without the local zone.
#include "auth/utc_clock.h"

#include <doctest/doctest.h>

namespace equilens {

TEST_CASE("utc clock: known instants") {
  CHECK(ParseIsoUtc("1970-01-01T00:00:00.000Z") == std::int64_t{0});
  CHECK(ParseIsoUtc("1970-01-01T00:00:00Z") == std::int64_t{0});
  CHECK(ParseIsoUtc("2000-03-01T00:00:00.001Z") == std::int64_t{951868800001});
  CHECK(IsoUtc(951868800001) == "2000-03-01T00:00:00.001Z");
  CHECK(IsoUtc(0) == "1970-01-01T00:00:00.000Z");
}

TEST_CASE("utc clock: now round-trips and sorts as text") {
  const std::int64_t now = NowUnixMillis();
  CHECK(ParseIsoUtc(IsoUtc(now)) == now);
  CHECK(IsoUtc(now) < IsoUtc(now + kMillisPerMinute));
  CHECK(IsoUtc(now + kMillisPerDay) < IsoUtc(now + 10 * kMillisPerDay));
}

TEST_CASE("utc clock: anything else is not an instant") {
  CHECK_FALSE(ParseIsoUtc(""));
  CHECK_FALSE(ParseIsoUtc("2026-01-01"));
  CHECK_FALSE(ParseIsoUtc("2026-01-01T00:00:00.000"));
  CHECK_FALSE(ParseIsoUtc("2026-01-01T00:00:00.000+01:00"));
  CHECK_FALSE(ParseIsoUtc("2026-13-01T00:00:00.000Z"));
  CHECK_FALSE(ParseIsoUtc("2026-01-01T24:00:00.000Z"));
  CHECK_FALSE(ParseIsoUtc("2026-01-01T00:00:00.00Z"));
  CHECK_FALSE(ParseIsoUtc("2026-01-01T00:00:00.000Zjunk"));
}

}  // namespace equilens
