// The studies keep their results pages (docs/results/*.md) current: with `--page FILE.md` a study
// replaces its generated section of the page — the lines between `<!-- hsc-results NAME -->` and
// `<!-- /hsc-results NAME -->` — with its tables and the command, machine, date and version that
// produced them. The prose around the section stays as written; a page without the markers is an
// error (the study never guesses where to write).
#pragma once

#include "svg_plot.hpp"
#include "table.hpp"
#include "text_file.hpp"

#include <hsc/config.hpp>

#include <xsimd/xsimd.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace hsc::studies {

/// How a result was obtained.
struct provenance
{
    std::string command; ///< as a user would type it
    std::string machine; ///< CPU model, hardware threads, the SIMD instruction set the program uses
    std::string date;    ///< UTC, YYYY-MM-DD
    double seconds = 0;  ///< wall time of the run
};

namespace detail {
    inline std::string shell_quoted(const std::string& word)
    {
        const bool plain =
            !word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                    "0123456789-_=.,:/+@%") == std::string::npos;
        if (plain) return word;
        std::string quoted = "'";
        for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
        return quoted + "'";
    }

    inline std::string cpu_model()
    {
        std::ifstream cpuinfo("/proc/cpuinfo");
        std::string line;
        while (std::getline(cpuinfo, line)) {
            if (line.rfind("model name", 0) == 0 && line.find(':') != std::string::npos) {
                const auto start = line.find_first_not_of(' ', line.find(':') + 1);
                return start == std::string::npos ? "" : line.substr(start);
            }
        }
        return "unknown CPU";
    }
} // namespace detail

/// The provenance of a run of `program` (as the user calls it, e.g. "hsc quantize") with `args`
/// that took `seconds`.
inline provenance describe_run(const std::string& program, const std::vector<std::string>& args, double seconds)
{
    provenance p{.command = program, .machine = {}, .date = {}, .seconds = seconds};
    for (const auto& a : args) p.command += " " + detail::shell_quoted(a);
    p.machine = format("%s, %u hardware threads, %s", detail::cpu_model().c_str(), std::thread::hardware_concurrency(),
                       xsimd::default_arch::name());
    const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
    p.date = format("%04d-%02u-%02u", int(day.year()), unsigned(day.month()), unsigned(day.day()));
    return p;
}

/// Replaces section `name` of the Markdown page at `path` with `tables` and their provenance.
inline void update_results_page(const std::string& path, const std::string& name, const provenance& run,
                                const std::vector<table>& tables)
{
    std::ifstream in(path);
    if (!in) fail(errc::io, "cannot open results page " + path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string page = buffer.str();
    const std::string begin = "<!-- hsc-results " + name + " -->", end = "<!-- /hsc-results " + name + " -->";
    const auto first = page.find(begin), last = page.find(end);
    if (first == std::string::npos || last == std::string::npos || last < first) {
        fail(errc::format,
             path + " has no section for these results: add the lines " + begin + " and " + end + " where they go");
    }
    std::string section = begin + "\n\n";
    const std::string took = run.seconds < 100 ? format("%.3g s", run.seconds) : format("%.0f s", run.seconds);
    section += format("Measured by `%s` on %s, %s (hsc %s, %s).\n", run.command.c_str(), run.machine.c_str(),
                      run.date.c_str(), HSC_VERSION_STRING, took.c_str());
    for (const auto& t : tables) section += "\n" + t.markdown();
    section += "\n";
    const std::string updated = page.substr(0, first) + section + page.substr(last);

    // Written beside the page and renamed over it, so an interrupted write leaves the old page.
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary);
        out << updated;
        out.close();
        if (!out) fail(errc::io, "cannot write " + temporary);
    }
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error) fail(errc::io, "cannot replace " + path + ": " + error.message());
}

/// What a study does with its results: with an output folder `out`, its tables as text in
/// out/`table_file` and its figure in out/`figure_file`; with a results page, its `section` there.
inline void publish_results(const std::optional<std::string>& out, const std::optional<std::string>& page,
                            const std::vector<table>& tables, const plot& figure, const std::string& table_file,
                            const std::string& figure_file, const std::string& section, const provenance& run)
{
    if (out) {
        text_file text(*out + "/" + table_file);
        for (const auto& t : tables) std::fprintf(text.get(), "%s\n", t.text().c_str());
        text.close();
        figure.write(*out + "/" + figure_file);
    }
    if (page) update_results_page(*page, section, run, tables);
}

} // namespace hsc::studies
