// The images the tool reads: PGM, PPM and NPY through hsc::io, and PNG and JPEG through stb_image
// (Debian libstb-dev, when the tool was built with it). Colour becomes gray by the BT.601 weights
// hsc::grayscale uses for PPM, so a photo gives the same gray image whatever its format.
#pragma once

#include "command_line.hpp"

#include <hsc/io/image.hpp>
#include <hsc/io/limits.hpp>
#include <hsc/preprocess/grayscale.hpp>

#include <xtensor/xtensor.hpp>

#include <algorithm>
#include <cctype>
#include <string>

#if HSC_TOOL_HAS_STB
#include <stb/stb_image.h>
#endif

namespace hsc::cli {

/// Whether the tool reads this file as an image (by its extension, case-insensitive for PNG/JPEG).
inline bool is_image_file(const std::string& path)
{
    std::string lower = path;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    const bool photo = ends_with(lower, ".png") || ends_with(lower, ".jpg") || ends_with(lower, ".jpeg");
    return io::is_gray_image_file(path) || (photo && HSC_TOOL_HAS_STB);
}

/// A gray image as floats on the file's own scale (0..maxval; 0..255 for PNG and JPEG).
inline xt::xtensor<float, 2> read_image(const std::string& path)
{
    if (io::is_gray_image_file(path)) return io::read_gray_image<float>(path);
    if (!is_image_file(path)) {
        throw usage_error{"IMAGE must be a .pgm, .ppm, .npy" + std::string(HSC_TOOL_HAS_STB ? ", .png or .jpg" : "") +
                          " file, got '" + path + "'"};
    }
#if HSC_TOOL_HAS_STB
    int width = 0, height = 0, channels = 0;
    if (!stbi_info(path.c_str(), &width, &height, &channels))
        fail(errc::format, "cannot read " + path + ": " + stbi_failure_reason());
    // Checked before stb allocates anything.
    const std::size_t most = io::reader_limits().max_pixels;
    if (width <= 0 || height <= 0 || static_cast<std::size_t>(width) > most / static_cast<std::size_t>(height)) {
        fail(errc::format, path + ": " + std::to_string(width) + "x" + std::to_string(height) +
                               " pixels is empty or more than the reader's limit of " + std::to_string(most) +
                               " (hsc::io::reader_limits)");
    }
    unsigned char* pixels = stbi_load(path.c_str(), &width, &height, &channels, 3);
    if (pixels == nullptr) fail(errc::format, "cannot read " + path + ": " + stbi_failure_reason());
    xt::xtensor<float, 3> rgb({static_cast<std::size_t>(height), static_cast<std::size_t>(width), std::size_t{3}});
    std::copy(pixels, pixels + rgb.size(), rgb.begin());
    stbi_image_free(pixels);
    return grayscale(rgb);
#else
    return {};
#endif
}

} // namespace hsc::cli
