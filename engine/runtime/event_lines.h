// One readable line per recorded event ("accept: feedback -> signoff"): what History, the
// ombuds' event search and the web timeline show (engine-internal).
#ifndef EQUILENS_RUNTIME_EVENT_LINES_H_
#define EQUILENS_RUNTIME_EVENT_LINES_H_

#include <string>

#include "store/event_log.h"

namespace equilens {

// The line for `event`, from its kind and payload; the kind itself for kinds with nothing to
// add (held, resumed, returned, withdrawn, rejected, closed, and system events).
std::string DescribeEvent(const StoredEvent& event);

// The note a person gave with the event ("" when none; a comment's text is its line).
std::string EventNote(const StoredEvent& event);

}  // namespace equilens

#endif  // EQUILENS_RUNTIME_EVENT_LINES_H_
