// Instants as the event log writes them ("YYYY-MM-DDTHH:MM:SS.mmmZ", UTC) and as session
// arithmetic needs them (milliseconds since the Unix epoch) (engine-internal).
//
// The ISO form sorts as text in time order, so SQL may compare stored instants directly.
#ifndef EQUILENS_AUTH_UTC_CLOCK_H_
#define EQUILENS_AUTH_UTC_CLOCK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace equilens {

inline constexpr std::int64_t kMillisPerMinute = 60 * 1000;
inline constexpr std::int64_t kMillisPerHour = 60 * kMillisPerMinute;
inline constexpr std::int64_t kMillisPerDay = 24 * kMillisPerHour;

// Now, in milliseconds since 1970-01-01T00:00:00Z.
std::int64_t NowUnixMillis();

// `unix_millis` as "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string IsoUtc(std::int64_t unix_millis);

// The instant an IsoUtc string names (milliseconds optional); nullopt when it is not one.
std::optional<std::int64_t> ParseIsoUtc(std::string_view text);

}  // namespace equilens

#endif  // EQUILENS_AUTH_UTC_CLOCK_H_
