#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace hsc::detail {

/// numpy's median: the middle value, or the mean of the two middle values for an even count.
inline double median(const double* x, std::size_t n)
{
    std::vector<double> v(x, x + n);
    const std::size_t mid = n / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
    const double upper = v[mid];
    if (n % 2 == 1) {
        return upper;
    }
    const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
    return 0.5 * (lower + upper);
}

} // namespace hsc::detail
