// NPZ archives (numpy's np.savez): a ZIP file of NPY members, stored without compression. Written
// byte-for-byte deterministically (every member dated 1980-01-01 00:00), so that two runs that code
// the same images write identical files; read back with every offset and size checked against the
// file, so that a lying archive fails with a message and never allocates what it claims.
//
// Written here rather than through libzip because the library depends on xtensor and xsimd only,
// and a stored archive is three fixed records and a CRC-32; np.savez_compressed's deflated members
// are refused by name.
#pragma once

#include "hsc/config.hpp"
#include "hsc/io/limits.hpp"
#include "hsc/io/npy.hpp"

#include <xtensor/xtensor.hpp>

#include <array>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace hsc::io {

namespace detail {
    /// The CRC-32 of ZIP (reflected polynomial 0xEDB88320), table built at compile time.
    inline std::uint32_t crc32(std::string_view bytes) noexcept
    {
        static constexpr auto table = [] {
            std::array<std::uint32_t, 256> t{};
            for (std::uint32_t n = 0; n < 256; ++n) {
                std::uint32_t c = n;
                for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                t[n] = c;
            }
            return t;
        }();
        std::uint32_t c = 0xFFFFFFFFu;
        for (const char byte : bytes) c = table[(c ^ static_cast<unsigned char>(byte)) & 0xFFu] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }

    inline void put16(std::string& out, std::uint32_t v)
    {
        out += static_cast<char>(v & 0xFFu);
        out += static_cast<char>((v >> 8) & 0xFFu);
    }
    inline void put32(std::string& out, std::uint32_t v)
    {
        put16(out, v & 0xFFFFu);
        put16(out, v >> 16);
    }
    inline std::uint32_t get16(std::string_view in, std::size_t at)
    {
        return static_cast<unsigned char>(in[at]) | static_cast<std::uint32_t>(static_cast<unsigned char>(in[at + 1]))
                                                        << 8;
    }
    inline std::uint32_t get32(std::string_view in, std::size_t at)
    {
        return get16(in, at) | get16(in, at + 2) << 16;
    }

    [[noreturn]] inline void npz_fail(const std::string& name, const std::string& what)
    {
        fail(errc::format, "npz: " + name + ": " + what);
    }

    // ZIP record signatures and the fields hsc writes (APPNOTE 6.3: version 2.0, stored, no flags).
    inline constexpr std::uint32_t local_signature = 0x04034b50u, central_signature = 0x02014b50u,
                                   end_signature = 0x06054b50u, zip_version = 20, dos_date_1980 = 0x21;
} // namespace detail

/// Builds an NPZ archive in memory, member by member, and writes it with finish(). Archives over
/// 4 GiB or 65535 members (ZIP64) are refused: a shard is far smaller.
class npz_writer
{
public:
    /// Adds `array` as member `name`.npy (numpy's key `name`).
    template <detail::npy_element T, std::size_t Rank>
    void add(const std::string& name, const xt::xtensor<T, Rank>& array)
    {
        std::ostringstream npy;
        write_npy(npy, array);
        add_bytes(name + ".npy", npy.str());
    }

    /// Adds a member of any content (np.load returns a member that is not NPY as bytes).
    void add_bytes(const std::string& name, const std::string& bytes)
    {
        require(!name.empty() && name.size() < 0xFFFFu, errc::invalid_argument,
                [&] { return "npz: member name of " + std::to_string(name.size()) + " characters"; });
        require(m_members.size() < 0xFFFFu && bytes.size() < 0xFFFFFFFFu - m_data.size(), errc::invalid_argument,
                [&] { return "npz: archive larger than ZIP without ZIP64 holds (4 GiB, 65535 members)"; });
        const std::uint32_t crc = detail::crc32(bytes);
        m_members.push_back(
            {name, crc, static_cast<std::uint32_t>(bytes.size()), static_cast<std::uint32_t>(m_data.size())});
        detail::put32(m_data, detail::local_signature);
        detail::put16(m_data, detail::zip_version);
        detail::put16(m_data, 0); // flags
        detail::put16(m_data, 0); // stored
        detail::put16(m_data, 0); // time 00:00
        detail::put16(m_data, detail::dos_date_1980);
        detail::put32(m_data, crc);
        detail::put32(m_data, static_cast<std::uint32_t>(bytes.size()));
        detail::put32(m_data, static_cast<std::uint32_t>(bytes.size()));
        detail::put16(m_data, static_cast<std::uint32_t>(name.size()));
        detail::put16(m_data, 0); // no extra field
        m_data += name;
        m_data += bytes;
    }

    /// The whole archive: members, then the central directory and its end record.
    std::string finish() const
    {
        std::string out = m_data;
        require(out.size() < 0xFFFFFFFFu - 46 * m_members.size() - 22, errc::invalid_argument,
                [] { return std::string("npz: archive larger than ZIP without ZIP64 holds (4 GiB)"); });
        const auto directory_offset = static_cast<std::uint32_t>(out.size());
        for (const member& m : m_members) {
            detail::put32(out, detail::central_signature);
            detail::put16(out, detail::zip_version); // made by
            detail::put16(out, detail::zip_version); // needed
            detail::put16(out, 0);
            detail::put16(out, 0);
            detail::put16(out, 0);
            detail::put16(out, detail::dos_date_1980);
            detail::put32(out, m.crc);
            detail::put32(out, m.size);
            detail::put32(out, m.size);
            detail::put16(out, static_cast<std::uint32_t>(m.name.size()));
            detail::put16(out, 0); // extra
            detail::put16(out, 0); // comment
            detail::put16(out, 0); // disk
            detail::put16(out, 0); // internal attributes
            detail::put32(out, 0); // external attributes
            detail::put32(out, m.offset);
            out += m.name;
        }
        const auto directory_size = static_cast<std::uint32_t>(out.size() - directory_offset);
        detail::put32(out, detail::end_signature);
        detail::put16(out, 0);
        detail::put16(out, 0);
        detail::put16(out, static_cast<std::uint32_t>(m_members.size()));
        detail::put16(out, static_cast<std::uint32_t>(m_members.size()));
        detail::put32(out, directory_size);
        detail::put32(out, directory_offset);
        detail::put16(out, 0); // no comment
        return out;
    }

private:
    struct member
    {
        std::string name;
        std::uint32_t crc, size, offset;
    };
    std::string m_data;
    std::vector<member> m_members;
};

/// An NPZ archive read whole (checked against hsc::io::reader_limits first), its members by name.
class npz_reader
{
public:
    /// Parses `bytes`; `name` labels errors.
    npz_reader(std::string bytes, std::string name) : m_bytes(std::move(bytes)), m_name(std::move(name)) { index(); }

    /// Reads the file at `path`.
    explicit npz_reader(const std::string& path) : m_name(path)
    {
        std::ifstream in(path, std::ios::binary | std::ios::ate);
        require(static_cast<bool>(in), errc::io, [&] { return "npz: cannot open " + path + " for reading"; });
        const auto size = static_cast<std::size_t>(in.tellg());
        if (size > reader_limits().max_bytes) {
            detail::npz_fail(path, std::to_string(size) + " bytes is more than the reader's limit of " +
                                       std::to_string(reader_limits().max_bytes) + " (hsc::io::reader_limits)");
        }
        in.seekg(0);
        m_bytes.resize(size);
        in.read(m_bytes.data(), static_cast<std::streamsize>(size));
        require(static_cast<bool>(in), errc::io, [&] { return "npz: failed reading " + path; });
        index();
    }

    /// Member names, sorted (".npy" kept).
    std::vector<std::string> names() const
    {
        std::vector<std::string> result;
        for (const auto& [name, span] : m_members) result.push_back(name);
        return result;
    }
    bool contains(const std::string& member) const { return m_members.count(member) != 0; }

    /// The raw bytes of a member.
    std::string_view bytes(const std::string& member) const
    {
        const auto it = m_members.find(member);
        if (it == m_members.end()) detail::npz_fail(m_name, "has no member '" + member + "'");
        return std::string_view(m_bytes).substr(it->second.first, it->second.second);
    }

    /// Member `key`.npy as an array of rank Rank.
    template <detail::npy_element T, std::size_t Rank>
    xt::xtensor<T, Rank> array(const std::string& key) const
    {
        std::istringstream in(std::string(bytes(key + ".npy")));
        return read_npy<T, Rank>(in, m_name + ":" + key);
    }

private:
    void index()
    {
        const std::string_view all(m_bytes);
        // The end record is the last 22 bytes unless a comment follows it (at most 65535 bytes).
        std::size_t end = std::string_view::npos;
        for (std::size_t back = 22; back <= all.size() && back <= 22 + 0xFFFFu; ++back) {
            if (detail::get32(all, all.size() - back) == detail::end_signature) {
                end = all.size() - back;
                break;
            }
        }
        if (end == std::string_view::npos) detail::npz_fail(m_name, "not a ZIP archive (no end-of-directory record)");
        const std::size_t count = detail::get16(all, end + 10), directory_size = detail::get32(all, end + 12),
                          directory = detail::get32(all, end + 16);
        if (directory > end || directory_size > end - directory) {
            detail::npz_fail(m_name, "central directory out of the file (offset " + std::to_string(directory) + ", " +
                                         std::to_string(directory_size) + " bytes)");
        }
        std::size_t at = directory;
        for (std::size_t i = 0; i < count; ++i) {
            if (at + 46 > end || detail::get32(all, at) != detail::central_signature) {
                detail::npz_fail(m_name, "central directory entry " + std::to_string(i) + " is malformed");
            }
            const std::uint32_t method = detail::get16(all, at + 10), crc = detail::get32(all, at + 16);
            const std::size_t stored = detail::get32(all, at + 20), size = detail::get32(all, at + 24),
                              name_length = detail::get16(all, at + 28),
                              skip = detail::get16(all, at + 30) + detail::get16(all, at + 32),
                              local = detail::get32(all, at + 42);
            if (at + 46 + name_length + skip > end) detail::npz_fail(m_name, "central directory is truncated");
            const std::string name(all.substr(at + 46, name_length));
            if (method != 0) {
                detail::npz_fail(m_name, "member '" + name +
                                             "' is compressed (np.savez_compressed): hsc reads stored archives "
                                             "(np.savez)");
            }
            if (stored != size) detail::npz_fail(m_name, "member '" + name + "' has inconsistent sizes");
            if (local > directory || directory - local < 30 || detail::get32(all, local) != detail::local_signature) {
                detail::npz_fail(m_name, "member '" + name + "' has no local header where the directory says");
            }
            const std::size_t data = local + 30 + detail::get16(all, local + 26) + detail::get16(all, local + 28);
            if (data > directory || size > directory - data) {
                detail::npz_fail(m_name, "member '" + name + "' claims " + std::to_string(size) +
                                             " bytes beyond the end of its data");
            }
            if (detail::crc32(all.substr(data, size)) != crc) {
                detail::npz_fail(m_name, "member '" + name + "' is corrupt (CRC-32 mismatch)");
            }
            m_members[name] = {data, size};
            at += 46 + name_length + skip;
        }
    }

    std::string m_bytes;
    std::string m_name;
    std::map<std::string, std::pair<std::size_t, std::size_t>> m_members; // name → (offset, size)
};

} // namespace hsc::io
