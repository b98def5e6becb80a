#pragma once

#include <cstddef>
#include <istream>
#include <limits>

namespace hsc::detail {

/// Bytes left in a seekable stream (0 once it has hit its end or failed), or the largest size_t
/// when it cannot tell (a pipe). Readers check a header's claimed size against it before
/// allocating, so a corrupt header cannot ask for terabytes.
inline std::size_t available_bytes(std::istream& in)
{
    if (!in.good()) return 0; // at the end of the file, or failed: nothing more can be read
    const auto here = in.tellg();
    if (here == std::streampos(-1)) {
        in.clear();
        return std::numeric_limits<std::size_t>::max();
    }
    in.seekg(0, std::ios::end);
    const auto end = in.tellg();
    in.seekg(here);
    if (end == std::streampos(-1) || end < here) {
        in.clear();
        return std::numeric_limits<std::size_t>::max();
    }
    return static_cast<std::size_t>(end - here);
}

/// a·b, or false when it overflows size_t.
inline bool checked_multiply(std::size_t a, std::size_t b, std::size_t& result) noexcept
{
    if (a != 0 && b > std::numeric_limits<std::size_t>::max() / a) {
        return false;
    }
    result = a * b;
    return true;
}

} // namespace hsc::detail
