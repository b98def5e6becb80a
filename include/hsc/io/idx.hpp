// IDX files (the MNIST / Fashion-MNIST format), gzip-compressed or not: a big-endian header
// (0, 0, type, rank, then rank 32-bit sizes) and the raw values. Only unsigned bytes (type 0x08)
// are read, which is what the image and label files hold. Reading goes through zlib's gz*
// functions, which pass uncompressed files through unchanged: link ZLIB::ZLIB (Debian zlib1g-dev).
// Malformed or truncated files fail through hsc::fail with the file name and what is wrong.
#pragma once

#include "hsc/config.hpp"
#include "hsc/detail/stream.hpp"
#include "hsc/io/limits.hpp"

#include <zlib.h>

#include <algorithm>
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
    // Reads `bytes` into `out` from offset `done`; the file may hold fewer: then a clear error.
    auto read_into = [&](unsigned char* out, std::size_t done, std::size_t bytes, std::size_t expected,
                         const char* what) {
        while (bytes > 0) {
            const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(bytes, 1u << 30));
            const int got = gzread(file, out, chunk);
            if (got <= 0) {
                int code = 0;
                const char* message = gzerror(file, &code);
                fail(errc::format,
                     "idx: " + path + ": " +
                         (code < 0 ? std::string("corrupt compressed data (") + message + ")"
                                   : "truncated " + std::string(what) + ": expected " + std::to_string(expected) +
                                         " bytes, found " + std::to_string(done)));
            }
            out += got, done += static_cast<std::size_t>(got), bytes -= static_cast<std::size_t>(got);
        }
    };
    std::array<unsigned char, 4> magic{};
    read_into(magic.data(), 0, 4, 4, "header");
    require(magic[0] == 0 && magic[1] == 0, errc::format,
            [&] { return "idx: " + path + ": not an IDX file (the first two bytes must be zero)"; });
    require(magic[2] == 0x08, errc::format, [&] {
        const char* digits = "0123456789ABCDEF";
        return "idx: " + path + ": values of type 0x" + digits[magic[2] >> 4] + digits[magic[2] & 15] +
               "; only unsigned bytes (0x08) are read";
    });
    require(magic[3] >= 1 && magic[3] <= 4, errc::format,
            [&] { return "idx: " + path + ": rank " + std::to_string(magic[3]) + " (1..4 expected)"; });
    idx_bytes result;
    std::size_t count = 1;
    const std::size_t most = reader_limits().max_bytes;
    for (unsigned d = 0; d < magic[3]; ++d) {
        std::array<unsigned char, 4> b{};
        read_into(b.data(), 0, 4, 4, "header");
        const std::size_t size =
            (std::size_t{b[0]} << 24) | (std::size_t{b[1]} << 16) | (std::size_t{b[2]} << 8) | b[3];
        require(size > 0, errc::format, [&] { return "idx: " + path + ": size " + std::to_string(d) + " is zero"; });
        require(hsc::detail::checked_multiply(count, size, count) && count <= most, errc::format, [&] {
            return "idx: " + path + ": more values declared than the reader's limit of " + std::to_string(most) +
                   " (hsc::io::reader_limits)";
        });
        result.shape.push_back(size);
    }
    // A gzip file's decoded size is known only by decoding it, so the values are read a block at a
    // time and the buffer grows with what the file really holds, not with what its header says.
    constexpr std::size_t block = std::size_t{1} << 20;
    for (std::size_t done = 0; done < count;) {
        const std::size_t n = std::min(block, count - done);
        result.values.resize(done + n);
        read_into(result.values.data() + done, done, n, count, "values");
        done += n;
    }
    return result;
}

} // namespace hsc::io
