// 8-bit grayscale PNG writing. By default with no dependency: the image data goes into "stored"
// (uncompressed) deflate blocks, which every PNG reader accepts, so the core headers need no zlib.
// With zlib at hand, pass io::zlib_deflate (hsc/io/zlib_deflate.hpp, target hsc::zlib) for files
// several times smaller.
#pragma once

#include "hsc/config.hpp"

#include <xtensor/xtensor.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <ostream>
#include <string>
#include <vector>

namespace hsc::io {

namespace detail {
    inline std::uint32_t crc32(const unsigned char* data, std::size_t n, std::uint32_t crc = 0)
    {
        static const auto table = [] {
            std::array<std::uint32_t, 256> t{};
            for (std::uint32_t i = 0; i < 256; ++i) {
                std::uint32_t c = i;
                for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
                t[i] = c;
            }
            return t;
        }();
        crc = ~crc;
        for (std::size_t i = 0; i < n; ++i) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
        return ~crc;
    }

    inline void put_u32(std::vector<unsigned char>& out, std::uint32_t v)
    {
        for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<unsigned char>(v >> shift));
    }

    inline void png_chunk(std::ostream& out, const char* type, const std::vector<unsigned char>& payload)
    {
        std::vector<unsigned char> chunk;
        put_u32(chunk, static_cast<std::uint32_t>(payload.size()));
        chunk.insert(chunk.end(), type, type + 4);
        chunk.insert(chunk.end(), payload.begin(), payload.end());
        put_u32(chunk, crc32(chunk.data() + 4, chunk.size() - 4));
        out.write(reinterpret_cast<const char*>(chunk.data()), static_cast<std::streamsize>(chunk.size()));
    }
} // namespace detail

/// The zlib stream (RFC 1950) of `raw` as stored, uncompressed deflate blocks.
struct stored_deflate
{
    std::vector<unsigned char> operator()(const std::vector<unsigned char>& raw) const
    {
        std::vector<unsigned char> zlib{0x78, 0x01};
        std::size_t pos = 0;
        do {
            const std::size_t len = std::min<std::size_t>(65535, raw.size() - pos);
            const bool last = pos + len == raw.size();
            zlib.insert(zlib.end(), {static_cast<unsigned char>(last ? 1 : 0), static_cast<unsigned char>(len & 0xff),
                                     static_cast<unsigned char>(len >> 8), static_cast<unsigned char>(~len & 0xff),
                                     static_cast<unsigned char>((~len >> 8) & 0xff)});
            zlib.insert(zlib.end(), raw.begin() + static_cast<std::ptrdiff_t>(pos),
                        raw.begin() + static_cast<std::ptrdiff_t>(pos + len));
            pos += len;
        } while (pos < raw.size());
        std::uint32_t a = 1, b = 0; // Adler-32 of the uncompressed data
        for (unsigned char c : raw) {
            a = (a + c) % 65521;
            b = (b + a) % 65521;
        }
        detail::put_u32(zlib, (b << 16) | a);
        return zlib;
    }
};

/// Writes `image` as an 8-bit grayscale PNG; `deflate` turns the scanlines into the zlib stream.
template <class Deflate = stored_deflate>
void write_png(std::ostream& out, const xt::xtensor<std::uint8_t, 2>& image, const Deflate& deflate = {})
{
    const auto height = static_cast<std::uint32_t>(image.shape()[0]);
    const auto width = static_cast<std::uint32_t>(image.shape()[1]);
    out.write("\x89PNG\r\n\x1a\n", 8);
    std::vector<unsigned char> header;
    detail::put_u32(header, width);
    detail::put_u32(header, height);
    header.insert(header.end(), {8, 0, 0, 0, 0}); // 8-bit grayscale, deflate, no filter, no interlace

    // Scanlines, each led by filter type 0.
    std::vector<unsigned char> raw;
    raw.reserve(static_cast<std::size_t>(height) * (width + 1));
    for (std::uint32_t i = 0; i < height; ++i) {
        raw.push_back(0);
        raw.insert(raw.end(), image.data() + static_cast<std::size_t>(i) * width,
                   image.data() + static_cast<std::size_t>(i + 1) * width);
    }
    detail::png_chunk(out, "IHDR", header);
    detail::png_chunk(out, "IDAT", deflate(raw));
    detail::png_chunk(out, "IEND", {});
}

template <class Deflate = stored_deflate>
void write_png(const std::string& path, const xt::xtensor<std::uint8_t, 2>& image, const Deflate& deflate = {})
{
    std::ofstream out(path, std::ios::binary);
    require(static_cast<bool>(out), errc::io, [&] { return "png: cannot open " + path + " for writing"; });
    write_png(out, image, deflate);
    require(static_cast<bool>(out.flush()), errc::io, [&] { return "png: failed writing " + path; });
}

} // namespace hsc::io
