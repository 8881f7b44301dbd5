// Suggestions for misspelt names: "unknown key 'ownr' (did you mean 'owner'?)".
#ifndef EQUILENS_COMMON_DID_YOU_MEAN_H_
#define EQUILENS_COMMON_DID_YOU_MEAN_H_

#include <string>
#include <string_view>
#include <vector>

namespace equilens {

// Edits (insertions, deletions, substitutions, swaps of neighbours) turning `a` into `b`.
int EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is close enough to be a likely typo, else "".
std::string ClosestName(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'owner'?)" for the closest candidate, or "" when none is close.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

// "a, b, c": for messages that list what is allowed.
std::string JoinNames(const std::vector<std::string>& names);

}  // namespace equilens

#endif  // EQUILENS_COMMON_DID_YOU_MEAN_H_
