// Kept for the analysis files that still include it (compare.cpp): the loop lives in core.
#pragma once

#include "reachplan/core/parallel.hpp"

namespace reachplan::analysis::detail {

using core::parallel_for;

}  // namespace reachplan::analysis::detail
