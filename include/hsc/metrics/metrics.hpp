// Figures of merit of a code, as docs/science.md §1.4 defines them.
#pragma once

#include "hsc/code/sparse_code.hpp"
#include "hsc/metrics/psnr.hpp"

#include <cstddef>

namespace hsc {

/// Number of distinct nonzero coefficients (repeated events at one position count once; a
/// position whose events cancel exactly is not a nonzero). Free for a merged code.
template <class T>
std::size_t nnz(const sparse_code<T>& code)
{
    return code.is_merged() ? code.events().size() : code.merged().events().size();
}

/// 1 − nnz / (K·H·W): the fraction of zero coefficients.
template <class T>
double sparseness(const sparse_code<T>& code)
{
    return 1 - static_cast<double>(nnz(code)) / static_cast<double>(code.geometry().size());
}

} // namespace hsc
