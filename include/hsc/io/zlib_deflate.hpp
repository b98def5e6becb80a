// zlib's deflate for the PNG writer: a bank's montage comes out about 18 times smaller than with
// stored blocks. Needs zlib (Debian zlib1g-dev): link the target hsc::zlib.
#pragma once

#include "hsc/config.hpp"

#include <zlib.h>

#include <string>
#include <vector>

namespace hsc::io {

/// The zlib stream (RFC 1950) of `raw`, compressed at `level` (0..9; zlib's default 6 when -1).
struct zlib_deflate
{
    int level = 9;

    std::vector<unsigned char> operator()(const std::vector<unsigned char>& raw) const
    {
        uLongf size = compressBound(static_cast<uLong>(raw.size()));
        std::vector<unsigned char> out(size);
        const int rc = compress2(out.data(), &size, raw.data(), static_cast<uLong>(raw.size()), level);
        require(rc == Z_OK, errc::io, [&] { return "zlib_deflate: compress2 failed (" + std::to_string(rc) + ")"; });
        out.resize(size);
        return out;
    }
};

} // namespace hsc::io
