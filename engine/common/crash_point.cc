// CrashPoint: reads EQUILENS_TEST_CRASH_AT once, then compares.
#include "common/crash_point.h"

#include <signal.h>

#include <cstdlib>
#include <cstring>

namespace equilens {

void CrashPoint(const char* point) {
  static const char* const kChosen = std::getenv("EQUILENS_TEST_CRASH_AT");
  if (kChosen != nullptr && std::strcmp(kChosen, point) == 0) ::raise(SIGKILL);
}

}  // namespace equilens
