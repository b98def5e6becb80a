#pragma once

#include "hsc/io/pgm.hpp"
#include "hsc/io/png.hpp"

#include <string>

namespace hsc::io {

/// Writes an 8-bit image as PNG or PGM, chosen by the file name's extension.
inline void write_gray8(const std::string& path, const xt::xtensor<std::uint8_t, 2>& image)
{
    auto ends_with = [&](const char* ext) {
        const std::string e(ext);
        return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
    };
    if (ends_with(".png")) {
        write_png(path, image);
    } else if (ends_with(".pgm")) {
        write_pgm(path, image);
    } else {
        fail(errc::invalid_argument, "write_gray8: " + path + ": unknown image type (use .png or .pgm)");
    }
}

} // namespace hsc::io
