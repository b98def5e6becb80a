// The images the tool, the studies and the Python module read from files: PGM, PPM and NPY through
// hsc::io, and PNG and JPEG through stb_image (Debian libstb-dev, when the build found it:
// HSC_FRONTEND_HAS_STB). Colour becomes gray by the BT.601 weights hsc::grayscale uses for PPM, so a
// photo gives the same gray image whatever its format.
#pragma once

#include "json.hpp"

#include <hsc/config.hpp>
#include <hsc/io/image.hpp>
#include <hsc/io/limits.hpp>
#include <hsc/preprocess/grayscale.hpp>
#include <hsc/preprocess/local_contrast.hpp>
#include <hsc/preprocess/resize.hpp>
#include <hsc/preprocess/whitening.hpp>

#include <xtensor/xtensor.hpp>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#if HSC_FRONTEND_HAS_STB
#include <stb/stb_image.h>
#endif

namespace hsc::cli {

/// The image formats read, for messages: ".pgm, .ppm, .npy, .png or .jpg".
inline std::string image_file_types()
{
    return HSC_FRONTEND_HAS_STB ? ".pgm, .ppm, .npy, .png or .jpg" : ".pgm, .ppm or .npy";
}

/// Whether this file is read as an image (by its extension, case-insensitive for PNG/JPEG).
inline bool is_image_file(const std::string& path)
{
    std::string lower = path;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    auto ends = [&](const std::string& suffix) {
        return lower.size() >= suffix.size() && lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    const bool photo = ends(".png") || ends(".jpg") || ends(".jpeg");
    return io::is_gray_image_file(path) || (photo && HSC_FRONTEND_HAS_STB);
}

/// A gray image as floats on the file's own scale (0..maxval; 0..255 for PNG and JPEG). A file of
/// another type is an errc::invalid_argument naming the types read.
inline xt::xtensor<float, 2> read_image_file(const std::string& path)
{
    if (io::is_gray_image_file(path)) return io::read_gray_image<float>(path);
    if (!is_image_file(path)) fail(errc::invalid_argument, "'" + path + "' is not a " + image_file_types() + " file");
#if HSC_FRONTEND_HAS_STB
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

/// What is done to an image before it is coded, by name.
struct image_preparation
{
    std::optional<std::size_t> resize;
    std::string preprocess = "lcn"; // lcn, whiten or none

    xt::xtensor<float, 2> operator()(xt::xtensor<float, 2> image) const
    {
        if (resize) image = centre_crop_resize(image, *resize, *resize);
        if (preprocess == "lcn") image = local_contrast_normalize(image);
        if (preprocess == "whiten") image = learning_preprocess(image);
        return image;
    }
    json describe() const { return {{"resize", resize ? json(*resize) : json(nullptr)}, {"preprocess", preprocess}}; }
};

} // namespace hsc::cli
