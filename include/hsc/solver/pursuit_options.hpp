// What the greedy policies (MP, OMP) share: their stopping criteria, and the choice of engine by
// extents (an image engine for conv_extents, a patch engine for patch_extents).
#pragma once

#include "hsc/concepts.hpp"

#include <cstddef>
#include <cstdint>
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

/// How convolutional matching pursuit stores the atoms' cross-correlations, which every selection
/// streams through: a third of its memory traffic, and what its updates mostly wait for.
enum class cross_table : std::uint8_t {
    exact, ///< in T: the codes of matching pursuit itself
    /// 16-bit integers with one scale per atom and offset, each value within half a step of that
    /// scale (2^-16 of the largest in its row): half the table's bytes and about 1.3× the atoms/s
    /// with AVX-512 (less with AVX2 and SSE2), at the price of correlations that drift from exact
    /// MP's, so that later selections differ (docs/solvers.md has the codes against exact MP's).
    int16,
};

/// The engine of a greedy policy for scalar T and Extents.
template <class T, class Extents, template <class> class ConvEngine, template <class, class> class PatchEngine>
using greedy_engine = std::conditional_t<PatchExtents<Extents>, PatchEngine<T, Extents>, ConvEngine<T>>;

} // namespace hsc::solver
