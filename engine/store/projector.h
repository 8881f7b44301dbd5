// Applying one event to the projections: the only code that writes projection rows.
//
// Live commands call it right after appending each event, in the same transaction; `audit
// verify` calls it to replay the whole log into a fresh database and compare. So a
// projection can never hold what the events do not say.
#ifndef EQUILENS_STORE_PROJECTOR_H_
#define EQUILENS_STORE_PROJECTOR_H_

#include <string>
#include <vector>

#include "equilens/status.h"
#include "store/database.h"
#include "store/event_log.h"

namespace equilens {

Status ApplyEvent(Database& db, const StoredEvent& event);

// The projection tables, in the order `audit verify` compares them.
const std::vector<std::string>& ProjectionTables();

}  // namespace equilens

#endif  // EQUILENS_STORE_PROJECTOR_H_
