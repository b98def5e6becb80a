// A results table of a study: cells already formatted, written as aligned text (the study's .txt
// file) or as Markdown (its results page, docs/results/), so both always show the same figures.
#pragma once

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <string>
#include <vector>

namespace hsc::studies {

/// printf into a string.
[[gnu::format(printf, 1, 2)]] inline std::string format(const char* pattern, ...)
{
    va_list args;
    va_start(args, pattern);
    va_list again;
    va_copy(again, args);
    const int length = std::vsnprintf(nullptr, 0, pattern, args);
    va_end(args);
    std::string text(static_cast<std::size_t>(std::max(length, 0)) + 1, '\0');
    std::vsnprintf(text.data(), text.size(), pattern, again);
    va_end(again);
    text.pop_back();
    return text;
}

struct table
{
    std::string caption;             ///< what the table shows, one sentence
    std::vector<std::string> header; ///< one name per column
    std::vector<std::vector<std::string>> rows;
    std::string notes{}; ///< a line after the table (published values, footnotes)

    /// Columns padded to their widest cell and separated by " | ".
    std::string text() const
    {
        std::vector<std::size_t> width(header.size(), 0);
        auto measure = [&](const std::vector<std::string>& cells) {
            for (std::size_t c = 0; c < cells.size() && c < width.size(); ++c)
                width[c] = std::max(width[c], display_width(cells[c]));
        };
        measure(header);
        for (const auto& row : rows) measure(row);
        auto line = [&](const std::vector<std::string>& cells) {
            std::string out;
            for (std::size_t c = 0; c < cells.size(); ++c) {
                out += (c ? " | " : "") + cells[c];
                if (c + 1 < cells.size()) out += std::string(width[c] - display_width(cells[c]), ' ');
            }
            out.erase(out.find_last_not_of(' ') + 1);
            return out + "\n";
        };
        std::string out = caption.empty() ? "" : caption + "\n";
        out += line(header);
        for (const auto& row : rows) out += line(row);
        return notes.empty() ? out : out + notes + "\n";
    }

    /// A Markdown table, the caption before it and the notes after it as paragraphs.
    std::string markdown() const
    {
        auto line = [](const std::vector<std::string>& cells) {
            std::string out = "|";
            for (const auto& cell : cells) out += " " + cell + " |";
            return out + "\n";
        };
        std::string out = caption.empty() ? "" : caption + "\n\n";
        out += line(header) + "|";
        for (std::size_t c = 0; c < header.size(); ++c) out += "---|";
        out += "\n";
        for (const auto& row : rows) out += line(row);
        return notes.empty() ? out : out + "\n" + notes + "\n";
    }

private:
    /// Characters, not bytes: cells hold UTF-8 (², θ, ±).
    static std::size_t display_width(const std::string& s)
    {
        return static_cast<std::size_t>(
            std::count_if(s.begin(), s.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; }));
    }
};

} // namespace hsc::studies
