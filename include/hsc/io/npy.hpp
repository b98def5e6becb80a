// NPY files (numpy's .npy, format versions 1–3): float32 and float64 arrays (and, for the sparse-code
// shards, integer arrays of 1 to 8 bytes) of any rank, either byte order, C or Fortran order on
// reading; little-endian C order on writing.
#pragma once

#include "hsc/config.hpp"
#include "hsc/detail/stream.hpp"
#include "hsc/io/limits.hpp"

#include <xtensor/xmanipulation.hpp>
#include <xtensor/xtensor.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <istream>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace hsc::io {

namespace detail {
    [[noreturn]] inline void npy_fail(const std::string& name, const std::string& what)
    {
        fail(errc::format, "npy: " + name + ": " + what);
    }

    /// The element types NPY files hold here: float32/64 and signed or unsigned integers.
    template <class T>
    concept npy_element = std::is_arithmetic_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char> &&
                          (std::floating_point<T> ? sizeof(T) == 4 || sizeof(T) == 8 : sizeof(T) <= 8);

    /// numpy's type string of T on a little-endian host: '<f4', '<i8', '|u1', ...
    template <npy_element T>
    std::string npy_descr()
    {
        const char kind = std::floating_point<T> ? 'f' : std::is_signed_v<T> ? 'i' : 'u';
        return std::string(sizeof(T) == 1 ? "|" : "<") + kind + std::to_string(sizeof(T));
    }

    struct npy_header
    {
        char kind = 0;        // 'f', 'i' or 'u'
        std::size_t item = 0; // bytes per element
        bool swap = false;    // stored in the other byte order than this machine's
        bool fortran = false;
        std::vector<std::size_t> shape;
    };

    /// Value of `key` in the header dictionary, up to the next ',' at depth 0 or the closing '}'.
    inline std::string npy_field(const std::string& dict, const std::string& key, const std::string& name)
    {
        const auto at = dict.find("'" + key + "'");
        if (at == std::string::npos) {
            npy_fail(name, "header has no '" + key + "' entry");
        }
        auto pos = dict.find(':', at);
        if (pos == std::string::npos) {
            npy_fail(name, "malformed header near '" + key + "'");
        }
        ++pos;
        int depth = 0;
        std::string value;
        for (; pos < dict.size(); ++pos) {
            const char c = dict[pos];
            if (c == '(') ++depth;
            if (c == ')') --depth;
            if (depth == 0 && (c == ',' || c == '}')) break;
            value += c;
        }
        const auto first = value.find_first_not_of(" \t");
        const auto last = value.find_last_not_of(" \t");
        return first == std::string::npos ? std::string() : value.substr(first, last - first + 1);
    }

    inline npy_header parse_npy_header(std::istream& in, const std::string& name)
    {
        char magic[8];
        if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0) {
            npy_fail(name, "not an NPY file (missing the \\x93NUMPY magic)");
        }
        const int major = static_cast<unsigned char>(magic[6]);
        if (major < 1 || major > 3) {
            npy_fail(name, "unsupported NPY format version " + std::to_string(major));
        }
        std::size_t header_len = 0;
        unsigned char len_bytes[4] = {0, 0, 0, 0};
        const std::streamsize len_size = major == 1 ? 2 : 4;
        if (!in.read(reinterpret_cast<char*>(len_bytes), len_size)) {
            npy_fail(name, "truncated header");
        }
        for (int i = static_cast<int>(len_size) - 1; i >= 0; --i) {
            header_len = header_len * 256 + len_bytes[i];
        }
        // numpy writes headers of a few hundred bytes; 1 MiB is generous, and checked before allocating.
        if (header_len > (1u << 20)) {
            npy_fail(name, "header length " + std::to_string(header_len) + " is larger than any NPY header (1 MiB)");
        }
        if (hsc::detail::available_bytes(in) < header_len) {
            npy_fail(name, "truncated header: it declares " + std::to_string(header_len) + " bytes, the file has " +
                               std::to_string(hsc::detail::available_bytes(in)));
        }
        std::string dict(header_len, '\0');
        if (!in.read(dict.data(), static_cast<std::streamsize>(header_len))) {
            npy_fail(name, "truncated header");
        }

        npy_header h;
        std::string descr = npy_field(dict, "descr", name);
        if (descr.size() < 5 || (descr.front() != '\'' && descr.front() != '"')) {
            npy_fail(name, "malformed 'descr' " + descr);
        }
        descr = descr.substr(1, descr.size() - 2);
        const char order = descr[0];
        h.kind = descr[1];
        h.item = static_cast<std::size_t>(std::atoi(descr.c_str() + 2));
        const bool real = h.kind == 'f' && (h.item == 4 || h.item == 8);
        const bool integer =
            (h.kind == 'i' || h.kind == 'u') && (h.item == 1 || h.item == 2 || h.item == 4 || h.item == 8);
        const bool ordered = order == '<' || order == '>' || order == '=' || (order == '|' && h.item == 1);
        if (!(real || integer) || !ordered || descr.size() != 3) {
            npy_fail(name, "element type '" + descr + "' is not supported (float32, float64 or an integer type)");
        }
        const bool stored_little = order == '<' || (order == '=' && std::endian::native == std::endian::little);
        h.swap = stored_little != (std::endian::native == std::endian::little);

        const std::string fortran = npy_field(dict, "fortran_order", name);
        if (fortran != "True" && fortran != "False") {
            npy_fail(name, "malformed 'fortran_order' " + fortran);
        }
        h.fortran = fortran == "True";

        const std::string shape = npy_field(dict, "shape", name);
        if (shape.size() < 2 || shape.front() != '(' || shape.back() != ')') {
            npy_fail(name, "malformed 'shape' " + shape);
        }
        std::stringstream dims(shape.substr(1, shape.size() - 2));
        std::string dim;
        while (std::getline(dims, dim, ',')) {
            if (dim.find_first_not_of(" ") == std::string::npos) continue;
            char* end = nullptr;
            errno = 0;
            const long long v = std::strtoll(dim.c_str(), &end, 10);
            if (v < 0 || end == dim.c_str() || errno == ERANGE || end[std::strspn(end, " ")] != '\0') {
                npy_fail(name, "malformed dimension '" + dim + "' in shape " + shape);
            }
            h.shape.push_back(static_cast<std::size_t>(v));
        }
        return h;
    }

    /// Reads `count` values stored as Stored into `out`, a block at a time (no second copy of the data).
    template <class Stored, class T>
    void read_npy_values(std::istream& in, std::size_t count, bool swap, T* out, const std::string& name)
    {
        constexpr std::size_t block = 16384;
        std::vector<Stored> buffer(std::min(count, block));
        for (std::size_t done = 0; done < count;) {
            const std::size_t n = std::min(block, count - done);
            in.read(reinterpret_cast<char*>(buffer.data()), static_cast<std::streamsize>(n * sizeof(Stored)));
            if (static_cast<std::size_t>(in.gcount()) != n * sizeof(Stored)) {
                npy_fail(name, "truncated data: expected " + std::to_string(count * sizeof(Stored)) + " bytes, found " +
                                   std::to_string(done * sizeof(Stored) + static_cast<std::size_t>(in.gcount())));
            }
            for (std::size_t i = 0; i < n; ++i) {
                Stored v = buffer[i];
                if (swap) {
                    auto bytes = std::bit_cast<std::array<unsigned char, sizeof(Stored)>>(v);
                    std::reverse(bytes.begin(), bytes.end());
                    v = std::bit_cast<Stored>(bytes);
                }
                out[done + i] = static_cast<T>(v);
                if constexpr (std::floating_point<Stored> && sizeof(Stored) > sizeof(T)) {
                    // float64 read as float32: 1e300 must not become inf
                    if (std::isfinite(v) && !std::isfinite(out[done + i])) {
                        npy_fail(name, "value " + std::to_string(v) + " at index " + std::to_string(done + i) +
                                           " does not fit in float32");
                    }
                } else if constexpr (std::integral<Stored>) {
                    if (!std::in_range<T>(v)) {
                        npy_fail(name, "value " + std::to_string(v) + " at index " + std::to_string(done + i) +
                                           " does not fit in the " + std::to_string(8 * sizeof(T)) +
                                           "-bit integers it is read into");
                    }
                }
            }
            done += n;
        }
    }

    /// Reads the values of the type the header names into T: floats into floating-point arrays,
    /// integers into integer arrays (a value out of T's range is an error, never wrapped).
    template <npy_element T>
    void read_npy_values_as(const npy_header& h, std::istream& in, std::size_t count, T* out, const std::string& name)
    {
        if constexpr (std::floating_point<T>) {
            if (h.kind != 'f') npy_fail(name, "holds integers where floating-point values were expected");
            if (h.item == 4) return read_npy_values<float>(in, count, h.swap, out, name);
            return read_npy_values<double>(in, count, h.swap, out, name);
        } else {
            if (h.kind == 'f') npy_fail(name, "holds floating-point values where integers were expected");
            const bool sign = h.kind == 'i';
            switch (h.item) {
            case 1:
                return sign ? read_npy_values<std::int8_t>(in, count, h.swap, out, name)
                            : read_npy_values<std::uint8_t>(in, count, h.swap, out, name);
            case 2:
                return sign ? read_npy_values<std::int16_t>(in, count, h.swap, out, name)
                            : read_npy_values<std::uint16_t>(in, count, h.swap, out, name);
            case 4:
                return sign ? read_npy_values<std::int32_t>(in, count, h.swap, out, name)
                            : read_npy_values<std::uint32_t>(in, count, h.swap, out, name);
            default:
                return sign ? read_npy_values<std::int64_t>(in, count, h.swap, out, name)
                            : read_npy_values<std::uint64_t>(in, count, h.swap, out, name);
            }
        }
    }
} // namespace detail

/// Reads an NPY array of rank `Rank` from a stream; `name` labels errors. float64 files read into
/// float and float32 into double are converted; integer files read into any integer type that holds
/// their values.
template <detail::npy_element T, std::size_t Rank>
xt::xtensor<T, Rank> read_npy(std::istream& in, const std::string& name = "<stream>")
{
    const detail::npy_header h = detail::parse_npy_header(in, name);
    if (h.shape.size() != Rank) {
        detail::npy_fail(name, "expected an array of rank " + std::to_string(Rank) + ", found rank " +
                                   std::to_string(h.shape.size()));
    }
    // Every dimension counts, zero or not: xtensor computes strides from all of them, so (0, 10^19)
    // must be refused as surely as (10^19, 1).
    std::size_t bytes = h.item, extent = h.item;
    const std::size_t most = reader_limits().max_bytes;
    for (std::size_t d : h.shape) {
        if (!hsc::detail::checked_multiply(extent, std::max<std::size_t>(d, 1), extent) || extent > most) {
            detail::npy_fail(name, "shape is larger than the reader's limit of " + std::to_string(most) +
                                       " bytes (hsc::io::reader_limits)");
        }
        bytes *= d;
    }
    if (hsc::detail::available_bytes(in) < bytes) {
        detail::npy_fail(name, "truncated data: the shape needs " + std::to_string(bytes) + " bytes, the file has " +
                                   std::to_string(hsc::detail::available_bytes(in)));
    }
    std::array<std::size_t, Rank> shape{};
    std::copy(h.shape.begin(), h.shape.end(), shape.begin());
    // A Fortran-order array is the C-order array of reversed shape, transposed.
    if (h.fortran) std::reverse(shape.begin(), shape.end());
    xt::xtensor<T, Rank> result(shape);
    detail::read_npy_values_as(h, in, result.size(), result.data(), name);
    if (h.fortran) {
        xt::xtensor<T, Rank> c_order = xt::transpose(result);
        return c_order;
    }
    return result;
}

template <detail::npy_element T, std::size_t Rank>
xt::xtensor<T, Rank> read_npy(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    require(static_cast<bool>(in), errc::io, [&] { return "npy: cannot open " + path + " for reading"; });
    return read_npy<T, Rank>(in, path);
}

/// The shape stored in an NPY file's header (reads only the header).
inline std::vector<std::size_t> npy_shape(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    require(static_cast<bool>(in), errc::io, [&] { return "npy: cannot open " + path + " for reading"; });
    return detail::parse_npy_header(in, path).shape;
}

/// Writes a float32, float64 or integer array in NPY format version 1.0, little-endian, C order.
template <detail::npy_element T, std::size_t Rank>
void write_npy(std::ostream& out, const xt::xtensor<T, Rank>& array)
{
    std::string dict = "{'descr': '" + detail::npy_descr<T>() + "', 'fortran_order': False, 'shape': (";
    for (std::size_t d = 0; d < Rank; ++d) {
        dict += std::to_string(array.shape()[d]) + (Rank == 1 || d + 1 < Rank ? "," : "");
        if (d + 1 < Rank) dict += " ";
    }
    dict += "), }";
    // Pad with spaces so that magic + length + dictionary + '\n' is a multiple of 64 bytes.
    const std::size_t unpadded = 10 + dict.size() + 1;
    dict.append((64 - unpadded % 64) % 64, ' ');
    dict += '\n';
    const auto len = static_cast<std::uint16_t>(dict.size());
    const char preamble[10] = {
        '\x93', 'N', 'U', 'M', 'P', 'Y', '\x01', '\x00', static_cast<char>(len & 0xff), static_cast<char>(len >> 8)};
    out.write(preamble, 10);
    out.write(dict.data(), static_cast<std::streamsize>(dict.size()));
    static_assert(std::endian::native == std::endian::little, "write_npy assumes a little-endian host");
    out.write(reinterpret_cast<const char*>(array.data()), static_cast<std::streamsize>(array.size() * sizeof(T)));
}

template <detail::npy_element T, std::size_t Rank>
void write_npy(const std::string& path, const xt::xtensor<T, Rank>& array)
{
    std::ofstream out(path, std::ios::binary);
    require(static_cast<bool>(out), errc::io, [&] { return "npy: cannot open " + path + " for writing"; });
    write_npy(out, array);
    require(static_cast<bool>(out.flush()), errc::io, [&] { return "npy: failed writing " + path; });
}

} // namespace hsc::io
