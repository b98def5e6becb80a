// What the greedy policies (MP, OMP) share: their stopping criteria, and the choice of engine by
// extents (an image engine for conv_extents, a patch engine for patch_extents).
#pragma once

#include "hsc/concepts.hpp"

#include <cstddef>
#include <limits>
#include <type_traits>

namespace hsc::solver {

/// When matching pursuit stops: whichever criterion is met first.
struct mp_options
{
    std::size_t max_atoms = 1000;                                    ///< number of selections
    double target_psnr_db = std::numeric_limits<double>::infinity(); ///< stop once reached
    double threshold = 0; ///< stop when the best |correlation| (unit-atom scale) falls below
    double gain = 1;      ///< α of α-MP, in (0, 1]: subtract only α times the projection
};

/// The engine of a greedy policy for scalar T and Extents.
template <class T, class Extents, template <class> class ConvEngine, template <class, class> class PatchEngine>
using greedy_engine = std::conditional_t<PatchExtents<Extents>, PatchEngine<T, Extents>, ConvEngine<T>>;

} // namespace hsc::solver
