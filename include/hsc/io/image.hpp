// Image files as the tools meet them: gray images read from PGM, PPM (made gray) or 2-D NPY,
// folders of them, and 8-bit images written as PNG or PGM.
#pragma once

#include "hsc/io/npy.hpp"
#include "hsc/io/pgm.hpp"
#include "hsc/io/png.hpp"
#include "hsc/preprocess/grayscale.hpp"

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace hsc::io {

namespace detail {
    inline bool has_extension(const std::string& path, const std::string& ext)
    {
        return path.size() >= ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0;
    }
} // namespace detail

/// Whether read_gray_image reads this file (by its extension).
inline bool is_gray_image_file(const std::string& path)
{
    return detail::has_extension(path, ".pgm") || detail::has_extension(path, ".ppm") ||
           detail::has_extension(path, ".npy");
}

/// A gray image as floats on the file's own scale (0..maxval for PNM): PGM, PPM made gray as
/// docs/science.md §1.4 (0.299 R + 0.587 G + 0.114 B), or a 2-D NPY.
template <std::floating_point T>
xt::xtensor<T, 2> read_gray_image(const std::string& path)
{
    if (detail::has_extension(path, ".npy")) return read_npy<T, 2>(path);
    if (detail::has_extension(path, ".pgm")) return read_pgm<T>(path);
    if (detail::has_extension(path, ".ppm")) return grayscale(read_ppm<T>(path));
    fail(errc::invalid_argument, "read_gray_image: " + path + ": unknown image type (use .pgm, .ppm or .npy)");
}

/// The image files named: a folder stands for its .pgm, .ppm and .npy files (sorted by name, not
/// recursive); a file stands for itself. A folder with no image, or a missing path, is an error.
inline std::vector<std::string> image_files(const std::vector<std::string>& paths)
{
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    for (const auto& path : paths) {
        std::error_code ec;
        if (!fs::is_directory(path, ec)) {
            if (!fs::exists(path, ec)) fail(errc::io, "image_files: " + path + ": no such file or folder");
            files.push_back(path);
            continue;
        }
        std::vector<std::string> found;
        for (const auto& entry : fs::directory_iterator(path, ec)) {
            const std::string name = entry.path().string();
            if (entry.is_regular_file(ec) && is_gray_image_file(name)) found.push_back(name);
        }
        if (ec) fail(errc::io, "image_files: cannot list " + path + ": " + ec.message());
        if (found.empty()) fail(errc::invalid_argument, "image_files: " + path + " holds no .pgm, .ppm or .npy image");
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

/// Writes an 8-bit image as PNG (compressed by `deflate`, see write_png) or PGM, chosen by the file
/// name's extension.
template <class Deflate = stored_deflate>
void write_gray8(const std::string& path, const xt::xtensor<std::uint8_t, 2>& image, const Deflate& deflate = {})
{
    if (detail::has_extension(path, ".png")) {
        write_png(path, image, deflate);
    } else if (detail::has_extension(path, ".pgm")) {
        write_pgm(path, image);
    } else {
        fail(errc::invalid_argument, "write_gray8: " + path + ": unknown image type (use .png or .pgm)");
    }
}

} // namespace hsc::io
