// Named crash points for the durability tests (docs/testing.md): when the environment
// variable EQUILENS_TEST_CRASH_AT names a point, the process kills itself with SIGKILL on
// reaching it, as a power cut or `kill -9` would, so a test can check that what was
// acknowledged survives and what was not is wholly absent. Unset (always, outside tests), a
// crash point costs one comparison.
#ifndef EQUILENS_COMMON_CRASH_POINT_H_
#define EQUILENS_COMMON_CRASH_POINT_H_

namespace equilens {

// The points, in the order a command and a delivery pass them.
inline constexpr const char* kCrashBeforeBegin = "before_begin";
inline constexpr const char* kCrashAfterEventInsert = "after_event_insert";
inline constexpr const char* kCrashAfterProjection = "after_projection";
inline constexpr const char* kCrashBeforeCommit = "before_commit";
inline constexpr const char* kCrashAfterCommit = "after_commit";
inline constexpr const char* kCrashAfterMailSent = "after_mail_sent";  // before it is marked

// Kills the process with SIGKILL when EQUILENS_TEST_CRASH_AT equals `point`. Thread-safe.
void CrashPoint(const char* point);

}  // namespace equilens

#endif  // EQUILENS_COMMON_CRASH_POINT_H_
