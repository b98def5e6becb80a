// What hsc's readers may allocate, whatever a file's header claims. Every reader first checks a
// header's claims against the bytes the file actually holds (a truncated or lying file is refused
// before any allocation); these limits also bound what a well-formed but enormous file, a pipe or
// a compressed file (whose decoded size is not known in advance) can make a reader allocate.
#pragma once

#include <cstddef>

namespace hsc::io {

struct limits
{
    std::size_t max_bytes = std::size_t{4} << 30;        ///< decoded values of one file: 4 GiB
    std::size_t max_pixels = std::size_t{16384} * 16384; ///< pixels of one image (268 million)
};

/// The limits the readers apply; a program may lower or raise them once at start-up (not while
/// other threads read).
inline limits& reader_limits() noexcept
{
    static limits current;
    return current;
}

} // namespace hsc::io
