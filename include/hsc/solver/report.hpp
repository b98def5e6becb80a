// What every coder reports about one encode.
#pragma once

#include <cstddef>

namespace hsc {

/// Why an encoding stopped, and what it reached.
struct encode_report
{
    enum stop_reason {
        atoms,           ///< greedy: the selection budget is spent
        target_psnr,     ///< greedy: the PSNR target is reached
        threshold,       ///< greedy: the best correlation fell below the threshold
        exhausted,       ///< greedy: nothing left to select
        iterations,      ///< convex: the iteration cap is reached
        converged,       ///< convex: the solver's convergence test passed (ADMM: both normalised
                         ///< residuals; FISTA: relative change or duality gap below the tolerance)
        target_objective ///< convex: the objective reached the requested target
    } reason = atoms;
    std::size_t selections = 0; ///< greedy: selections made; convex: iterations run
    double residual_energy = 0; ///< ‖residual‖² over the image
    double psnr_db = 0;         ///< with the image's own range, as SCIENCE.md §1.4
    double objective = 0;       ///< convex coders: ½‖residual‖² + λ‖w ⊙ code‖₁ of the returned code
};

} // namespace hsc
