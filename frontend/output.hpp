// Where the tool's outputs go: a file, or standard output for "-". Standard output holds one stream
// at a time, so at most one output may be "-"; the JSON line that usually goes there then goes to
// standard error, and a pipeline receives nothing but the data it asked for. Images are written
// as PNG compressed by zlib when the programs were built with it, stored blocks otherwise.
#pragma once

#include "command_line.hpp"

#include <hsc/config.hpp>
#include <hsc/io/image.hpp>
#include <hsc/io/png.hpp>
#if HSC_FRONTEND_HAS_ZLIB
#include <hsc/io/zlib_deflate.hpp>
#endif

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <optional>
#include <string>
#include <utility>

namespace hsc::cli {

#if HSC_FRONTEND_HAS_ZLIB
using png_deflate = io::zlib_deflate;
#else
using png_deflate = io::stored_deflate;
#endif

/// An 8-bit image to a .png or .pgm file.
inline void write_image(const std::string& path, const xt::xtensor<std::uint8_t, 2>& image)
{
    io::write_gray8(path, image, png_deflate{});
}

/// Fails (errc::io) unless a file can be written at `path` (an existing file writable, or a
/// writable folder for a new one): checked before long work, so that a typo in an output path does
/// not cost the whole run.
inline void require_writable(const std::string& path)
{
    namespace fs = std::filesystem;
    std::error_code error;
    const fs::path file(path);
    const bool exists = fs::exists(file, error);
    const fs::path folder = file.has_parent_path() ? file.parent_path() : fs::path(".");
    const bool ok = exists ? ::access(path.c_str(), W_OK) == 0 && !fs::is_directory(file, error)
                           : fs::is_directory(folder, error) && ::access(folder.c_str(), W_OK) == 0;
    if (!ok) fail(errc::io, "cannot write " + path + (exists ? "" : ": no writable folder " + folder.string()));
}

/// Creates `folder` (with its parents) when missing and fails (errc::io) unless files can be
/// written in it: how a study checks its --out before a run of minutes.
inline void prepare_output_folder(const std::string& folder)
{
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error || ::access(folder.c_str(), W_OK) != 0)
        fail(errc::io, "cannot write into " + folder + (error ? ": " + error.message() : std::string()));
}

class output_streams
{
public:
    /// The outputs a command was given, as (option, path if any); a second "-" is a usage error.
    output_streams(std::initializer_list<std::pair<const char*, std::optional<std::string>>> outputs)
    {
        for (const auto& [option, path] : outputs) {
            if (path != "-") continue;
            if (!m_to_stdout.empty())
                throw usage_error{m_to_stdout + " and " + option + " cannot both be - (standard output)"};
            m_to_stdout = option;
        }
    }

    /// Where the command's JSON line goes.
    std::FILE* json_stream() const { return m_to_stdout.empty() ? stdout : stderr; }

    /// Calls write(std::ostream&) on the file at `path`, or on standard output for "-"; a stream
    /// that cannot be opened or written is an error (errc::io).
    template <class Write>
    void write(const std::string& path, Write&& write) const
    {
        if (path == "-") {
            write(std::cout);
            if (!std::cout.flush()) fail(errc::io, "cannot write to standard output");
            return;
        }
        std::ofstream out(path, std::ios::binary);
        if (!out) fail(errc::io, "cannot open " + path + " for writing");
        write(out);
        out.close();
        if (!out) fail(errc::io, "cannot write " + path);
    }

private:
    std::string m_to_stdout; // the option whose output is standard output, if any
};

} // namespace hsc::cli
