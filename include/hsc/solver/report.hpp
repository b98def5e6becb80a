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
        converged,       ///< convex: the solver's convergence test passed (ADMM: both normalized
                         ///< residuals; FISTA: relative change or duality gap below the tolerance)
        target_objective ///< convex: the objective reached the requested target
    } reason = atoms;
    std::size_t selections = 0; ///< greedy: selections made (patch mode: atoms in the support); convex: iterations run
    double residual_energy = 0; ///< ‖residual‖² over the image (not computed in patch mode)
    double psnr_db = 0;         ///< with the image's own range, as docs/science.md §1.4 (not in patch mode)
    double objective = 0;       ///< convex coders: ½‖residual‖² + λ‖w ⊙ code‖₁ of the returned code
};

constexpr const char* to_string(encode_report::stop_reason reason) noexcept
{
    switch (reason) {
    case encode_report::atoms:
        return "atoms";
    case encode_report::target_psnr:
        return "target_psnr";
    case encode_report::threshold:
        return "threshold";
    case encode_report::exhausted:
        return "exhausted";
    case encode_report::iterations:
        return "iterations";
    case encode_report::converged:
        return "converged";
    case encode_report::target_objective:
        return "target_objective";
    }
    return "unknown";
}

} // namespace hsc
