// IDX files (the MNIST / Fashion-MNIST format), gzip-compressed or not: a big-endian header
// (0, 0, type, rank, then rank 32-bit sizes) and the raw values. Only unsigned bytes (type 0x08)
// are read, which is what the image and label files hold. Reading goes through zlib's gz*
// functions, which pass uncompressed files through unchanged: link ZLIB::ZLIB (Debian zlib1g-dev).
// Malformed or truncated files fail through hsc::fail with the file name and what is wrong.
#pragma once

#include "hsc/config.hpp"

#include <zlib.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace hsc::io {

/// The contents of an IDX file of unsigned bytes: its sizes, and the values in row-major order.
struct idx_bytes
{
    std::vector<std::size_t> shape;
    std::vector<std::uint8_t> values;
};

inline idx_bytes read_idx(const std::string& path)
{
    gzFile file = gzopen(path.c_str(), "rb");
    require(file != nullptr, errc::io, [&] { return "idx: cannot open " + path + " for reading"; });
    struct closer
    {
        gzFile f;
        ~closer() { gzclose(f); }
    } close_at_exit{file};
    auto read_exactly = [&](void* into, std::size_t bytes, const char* what) {
        std::size_t done = 0;
        auto* out = static_cast<unsigned char*>(into);
        while (done < bytes) {
            const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(bytes - done, 1u << 30));
            const int got = gzread(file, out + done, chunk);
            if (got <= 0) {
                int code = 0;
                const char* message = gzerror(file, &code);
                fail(errc::format,
                     "idx: " + path + ": " +
                         (code < 0 ? std::string("corrupt compressed data (") + message + ")"
                                   : "truncated " + std::string(what) + ": expected " + std::to_string(bytes) +
                                         " bytes, found " + std::to_string(done)));
            }
            done += static_cast<std::size_t>(got);
        }
    };
    std::array<unsigned char, 4> magic{};
    read_exactly(magic.data(), 4, "header");
    require(magic[0] == 0 && magic[1] == 0, errc::format,
            [&] { return "idx: " + path + ": not an IDX file (the first two bytes must be zero)"; });
    require(magic[2] == 0x08, errc::format, [&] {
        return "idx: " + path + ": values of type 0x" + std::to_string(magic[2]) +
               "; only unsigned bytes (0x08) are read";
    });
    require(magic[3] >= 1 && magic[3] <= 4, errc::format,
            [&] { return "idx: " + path + ": rank " + std::to_string(magic[3]) + " (1..4 expected)"; });
    idx_bytes result;
    std::size_t count = 1;
    for (unsigned d = 0; d < magic[3]; ++d) {
        std::array<unsigned char, 4> b{};
        read_exactly(b.data(), 4, "header");
        const std::size_t size =
            (std::size_t{b[0]} << 24) | (std::size_t{b[1]} << 16) | (std::size_t{b[2]} << 8) | b[3];
        require(size > 0, errc::format, [&] { return "idx: " + path + ": size " + std::to_string(d) + " is zero"; });
        count *= size;
        require(count <= (std::size_t{1} << 32), errc::format,
                [&] { return "idx: " + path + ": more than 2^32 values declared; not an IDX file we can read"; });
        result.shape.push_back(size);
    }
    result.values.resize(count);
    read_exactly(result.values.data(), count, "values");
    return result;
}

} // namespace hsc::io
