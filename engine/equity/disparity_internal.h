// What disparity.cc and disparity_summary.cc share: the state figures indexed for lookup and
// the per-cell measures. Not for use outside engine/equity.
#ifndef EQUILENS_EQUITY_DISPARITY_INTERNAL_H_
#define EQUILENS_EQUITY_DISPARITY_INTERNAL_H_

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "equity/disparity.h"

namespace equilens {

// One outcome and year of the state's figures: its totals and its rows by group name.
struct StateCell {
  std::int64_t in_group = 0;  // all students in the state (the sum of the groups)
  std::int64_t with_outcome = 0;
  std::unordered_map<std::string, const OutcomeRow*> groups;  // borrowed from the table
};
using StateIndex = std::map<std::pair<std::string, int>, StateCell>;  // (outcome, year)

// Indexes a state table that passed CheckOutcomeTable. The index borrows `state`'s rows.
StateIndex IndexStateFigures(const OutcomeTable& state);

// The measures of every cell of a checked `district` table, cells ordered by outcome, school
// and year, each cell's groups in input order. `state` may be null. Leaves `persistent` false.
std::vector<DisparityRow> MeasureCells(const OutcomeTable& district, const StateIndex* state,
                                       const DisparityParameters& parameters);

}  // namespace equilens

#endif  // EQUILENS_EQUITY_DISPARITY_INTERNAL_H_
