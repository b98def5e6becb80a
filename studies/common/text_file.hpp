// A text file a study writes its tables into: opening and closing are checked (a full disk or an
// unwritable folder is an error with the path, not a silently short table); close_checked() does
// the same for a std::ofstream.
#pragma once

#include <hsc/config.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <utility>

namespace hsc::studies {

class text_file
{
public:
    explicit text_file(std::string path) : m_path(std::move(path)), m_file(std::fopen(m_path.c_str(), "w"))
    {
        if (m_file == nullptr) fail(errc::io, "cannot open " + m_path + " for writing");
    }
    text_file(const text_file&) = delete;
    text_file& operator=(const text_file&) = delete;
    ~text_file()
    {
        if (m_file != nullptr) std::fclose(m_file);
    }

    std::FILE* get() const noexcept { return m_file; }

    /// Closes the file; fails if anything written did not reach it.
    void close()
    {
        const bool failed = std::ferror(m_file) != 0;
        const bool closed = std::fclose(m_file) == 0;
        m_file = nullptr;
        if (failed || !closed) fail(errc::io, "cannot write " + m_path);
    }

private:
    std::string m_path;
    std::FILE* m_file;
};

/// Closes a stream a study wrote a table into; fails if anything written did not reach `path`.
inline void close_checked(std::ofstream& out, const std::string& path)
{
    out.close();
    if (!out) fail(errc::io, "cannot write " + path);
}

} // namespace hsc::studies
