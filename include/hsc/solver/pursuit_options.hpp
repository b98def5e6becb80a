// The stopping criteria of the greedy coders, convolutional and patch, MP and OMP.
#pragma once

#include <cstddef>
#include <limits>

namespace hsc::solver {

/// When matching pursuit stops: whichever criterion is met first.
struct mp_options
{
    std::size_t max_atoms = 1000;                                    ///< number of selections
    double target_psnr_db = std::numeric_limits<double>::infinity(); ///< stop once reached
    double threshold = 0; ///< stop when the best |correlation| (unit-atom scale) falls below
    double gain = 1;      ///< α of α-MP, in (0, 1]: subtract only α times the projection
};

} // namespace hsc::solver
