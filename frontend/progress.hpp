// A one-line progress bar on standard error, for the commands that run long (learn, encode-dataset).
#pragma once

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

namespace hsc::cli {

/// Redrawn in place on a terminal; on a pipe or a log, a line every tenth of the work.
class progress_bar
{
public:
    /// `label` starts every line ("learn"); `unit` names one piece of work ("step", "image").
    progress_bar(bool enabled, std::string label, std::string unit)
        : m_enabled(enabled), m_tty(isatty(fileno(stderr)) != 0), m_label(std::move(label)), m_unit(std::move(unit))
    {}

    /// `done` of `total` pieces, `first` of them done before this run started; `detail` is printed
    /// after the count ("objective 0.12").
    void update(std::size_t done, std::size_t first, std::size_t total, const std::string& detail = "")
    {
        if (!m_enabled || total == 0) return;
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
        const double per_piece = elapsed / static_cast<double>(std::max<std::size_t>(1, done - first));
        const double eta = per_piece * static_cast<double>(total - done);
        // Slow work reads best as seconds per piece, fast work as pieces per second.
        char rate[64];
        if (per_piece >= 1) {
            std::snprintf(rate, sizeof rate, "%.2f s/%s", per_piece, m_unit.c_str());
        } else {
            std::snprintf(rate, sizeof rate, "%.1f %ss/s", per_piece > 0 ? 1 / per_piece : 0.0, m_unit.c_str());
        }
        const std::string gap = detail.empty() ? "" : "  ";
        const std::size_t width = 30, filled = width * done / total;
        if (m_tty) {
            std::fprintf(stderr, "\r%s [%s%s] %zu/%zu%s%s  %s  eta %.0f s ", m_label.c_str(),
                         std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(), done, total,
                         gap.c_str(), detail.c_str(), rate, eta);
            if (done == total) std::fputc('\n', stderr);
        } else if (done == total || (done - first) % std::max<std::size_t>(1, (total - first) / 10) == 0) {
            std::fprintf(stderr, "%s: %s %zu/%zu%s%s  %s  eta %.0f s\n", m_label.c_str(), m_unit.c_str(), done, total,
                         gap.c_str(), detail.c_str(), rate, eta);
        }
        std::fflush(stderr);
    }

private:
    bool m_enabled, m_tty;
    std::string m_label, m_unit;
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
};

} // namespace hsc::cli
