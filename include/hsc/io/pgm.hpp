// Netpbm images: PGM (P2 plain, P5 binary; the format of the bundled test images) and PPM colour
// (P3 plain, P6 binary), 8 or 16 bits per sample.
#pragma once

#include "hsc/config.hpp"
#include "hsc/detail/stream.hpp"
#include "hsc/fwd.hpp"
#include "hsc/io/limits.hpp"

#include <xtensor/xtensor.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <fstream>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace hsc::io {

namespace detail {
    [[noreturn]] inline void pgm_fail(const std::string& name, const std::string& what)
    {
        fail(errc::format, name + ": " + what);
    }

    /// Next unsigned decimal token, skipping whitespace and '#' comments.
    inline unsigned long pgm_number(std::istream& in, const std::string& name, const char* what)
    {
        int c = in.get();
        while (c != EOF && (std::isspace(c) || c == '#')) {
            if (c == '#') {
                while (c != EOF && c != '\n') c = in.get();
            }
            c = in.get();
        }
        if (c == EOF || !std::isdigit(c)) {
            pgm_fail(name,
                     std::string("expected ") + what +
                         (c == EOF ? ", found end of file" : ", found '" + std::string(1, static_cast<char>(c)) + "'"));
        }
        unsigned long value = 0;
        while (c != EOF && std::isdigit(c)) {
            value = value * 10 + static_cast<unsigned long>(c - '0');
            if (value > 1000000000UL) pgm_fail(name, std::string(what) + " is absurdly large");
            c = in.get();
        }
        if (c != EOF) in.unget();
        return value;
    }
} // namespace detail

namespace detail {
    /// The header and raster of a Netpbm image whose magic is P<plain> or P<binary>: `channels`
    /// samples per pixel, returned as (height, width·channels) values 0..maxval.
    template <std::floating_point T>
    xt::xtensor<T, 2> read_netpbm(std::istream& in, const std::string& name, char plain, char binary_magic,
                                  std::size_t channels, const char* kind)
    {
        char magic[2] = {0, 0};
        if (!in.read(magic, 2) || magic[0] != 'P' || (magic[1] != plain && magic[1] != binary_magic)) {
            pgm_fail(name,
                     std::string("not a ") + kind + " image (expected magic P" + plain + " or P" + binary_magic + ")");
        }
        const bool binary = magic[1] == binary_magic;
        const auto width = pgm_number(in, name, "width");
        const auto height = pgm_number(in, name, "height");
        const auto maxval = pgm_number(in, name, "maxval");
        if (width == 0 || height == 0) {
            pgm_fail(name, "empty image (" + std::to_string(width) + "x" + std::to_string(height) + ")");
        }
        if (maxval == 0 || maxval > 65535) {
            pgm_fail(name, "maxval " + std::to_string(maxval) + " is outside 1..65535");
        }
        const std::size_t most = reader_limits().max_pixels;
        if (width > most || height > most / width) {
            pgm_fail(name, std::to_string(width) + "x" + std::to_string(height) + " pixels is more than the reader's " +
                               "limit of " + std::to_string(most) + " (hsc::io::reader_limits)");
        }
        const std::size_t count = width * height * channels;
        if (binary) {
            in.get(); // the single whitespace byte after maxval
        }
        // Checked before allocating, so a corrupt header cannot ask for gigabytes. A plain-text
        // value takes at least one byte, a binary one one or two.
        const std::size_t bytes_per = binary && maxval > 255 ? 2 : 1;
        const std::size_t needed = count * bytes_per;
        if (hsc::detail::available_bytes(in) < needed) {
            pgm_fail(name, "truncated pixel data: " + std::to_string(width) + "x" + std::to_string(height) +
                               " pixels need at least " + std::to_string(needed) + " bytes, found " +
                               std::to_string(hsc::detail::available_bytes(in)));
        }
        xt::xtensor<T, 2> image({height, width * channels});
        auto store = [&](std::size_t i, unsigned long value) {
            if (value > maxval) {
                pgm_fail(name, "sample " + std::to_string(i) + " has value " + std::to_string(value) +
                                   " above maxval " + std::to_string(maxval));
            }
            image.data()[i] = static_cast<T>(value);
        };
        if (binary) {
            std::vector<unsigned char> raw(needed);
            in.read(reinterpret_cast<char*>(raw.data()), static_cast<std::streamsize>(needed));
            if (static_cast<std::size_t>(in.gcount()) != needed) {
                pgm_fail(name, "truncated pixel data: expected " + std::to_string(needed) + " bytes, found " +
                                   std::to_string(in.gcount()));
            }
            // 16-bit samples are big-endian (most significant byte first).
            for (std::size_t i = 0; i < count; ++i)
                store(i, bytes_per == 1 ? raw[i] : raw[2 * i] * 256u + raw[2 * i + 1]);
        } else {
            for (std::size_t i = 0; i < count; ++i) store(i, pgm_number(in, name, "a pixel value"));
        }
        return image;
    }
} // namespace detail

/// Reads a PGM image as values 0..maxval (not rescaled: the paper reads images as 0..255 floats).
template <std::floating_point T = default_scalar>
xt::xtensor<T, 2> read_pgm(std::istream& in, const std::string& name = "<stream>")
{
    return detail::read_netpbm<T>(in, name, '2', '5', 1, "PGM");
}

/// Reads a PPM colour image as (height, width, 3) values 0..maxval, channels R, G, B.
template <std::floating_point T = default_scalar>
xt::xtensor<T, 3> read_ppm(std::istream& in, const std::string& name = "<stream>")
{
    const auto flat = detail::read_netpbm<T>(in, name, '3', '6', 3, "PPM");
    xt::xtensor<T, 3> image({flat.shape()[0], flat.shape()[1] / 3, 3});
    std::copy(flat.begin(), flat.end(), image.begin());
    return image;
}

template <std::floating_point T = default_scalar>
xt::xtensor<T, 3> read_ppm(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    require(static_cast<bool>(in), errc::io, [&] { return "ppm: cannot open " + path + " for reading"; });
    return read_ppm<T>(in, path);
}

template <std::floating_point T = default_scalar>
xt::xtensor<T, 2> read_pgm(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    require(static_cast<bool>(in), errc::io, [&] { return "pgm: cannot open " + path + " for reading"; });
    return read_pgm<T>(in, path);
}

enum class pgm_format {
    binary,
    plain
};

constexpr const char* to_string(pgm_format format) noexcept
{
    return format == pgm_format::binary ? "binary" : "plain";
}

/// Writes an 8-bit image as P5 (binary) or P2 (plain text).
inline void write_pgm(std::ostream& out, const xt::xtensor<std::uint8_t, 2>& image,
                      pgm_format format = pgm_format::binary)
{
    const auto height = image.shape()[0];
    const auto width = image.shape()[1];
    out << (format == pgm_format::binary ? "P5" : "P2") << "\n" << width << " " << height << "\n255\n";
    if (format == pgm_format::binary) {
        out.write(reinterpret_cast<const char*>(image.data()), static_cast<std::streamsize>(image.size()));
        return;
    }
    for (std::size_t i = 0; i < height; ++i) {
        for (std::size_t j = 0; j < width; ++j) {
            out << static_cast<unsigned>(image(i, j)) << (j + 1 < width ? " " : "\n");
        }
    }
}

inline void write_pgm(const std::string& path, const xt::xtensor<std::uint8_t, 2>& image,
                      pgm_format format = pgm_format::binary)
{
    std::ofstream out(path, std::ios::binary);
    require(static_cast<bool>(out), errc::io, [&] { return "pgm: cannot open " + path + " for writing"; });
    write_pgm(out, image, format);
    require(static_cast<bool>(out.flush()), errc::io, [&] { return "pgm: failed writing " + path; });
}

/// Maps [low, high] linearly onto 0..255 (clamping outside), for viewing floating-point images.
template <std::floating_point T>
xt::xtensor<std::uint8_t, 2> to_gray8(const xt::xtensor<T, 2>& image, T low, T high)
{
    xt::xtensor<std::uint8_t, 2> out(image.shape());
    const double span = high > low ? static_cast<double>(high - low) : 1.0;
    for (std::size_t i = 0; i < image.size(); ++i) {
        const double t = (static_cast<double>(image.data()[i]) - static_cast<double>(low)) / span;
        out.data()[i] = static_cast<std::uint8_t>(std::lround(255 * std::clamp(t, 0.0, 1.0)));
    }
    return out;
}

/// to_gray8 over the image's own range: the darkest pixel is 0, the brightest 255.
template <std::floating_point T>
xt::xtensor<std::uint8_t, 2> to_gray8(const xt::xtensor<T, 2>& image)
{
    const auto [low, high] = std::minmax_element(image.data(), image.data() + image.size());
    return image.size() == 0 ? xt::xtensor<std::uint8_t, 2>(image.shape()) : to_gray8(image, *low, *high);
}

} // namespace hsc::io
