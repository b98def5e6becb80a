// A heatmap as SVG: one coloured cell per value of a grid, its value written inside, a colour scale
// from `low` to `high` (white in the middle when the scale is diverging, for differences).
#pragma once

#include "svg_plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

namespace hsc::studies {

struct heatmap
{
    std::string title, x_label, y_label;
    std::vector<std::string> columns, rows;  ///< labels
    std::vector<std::vector<double>> values; ///< values[row][column]
    double low = 0, high = 1;
    bool diverging = false; ///< blue below zero, red above, white at zero

    std::string colour(double v) const
    {
        if (!std::isfinite(v)) return "#cccccc";
        auto mix = [](double t, int a, int b) { return static_cast<int>(std::lround(a + (b - a) * t)); };
        char text[8];
        if (diverging) {
            const double bound = std::max(std::abs(low), std::abs(high));
            const double t = std::clamp(v / (bound > 0 ? bound : 1), -1.0, 1.0);
            const int r = t < 0 ? mix(-t, 255, 33) : 255, g = mix(std::abs(t), 255, t < 0 ? 102 : 40),
                      b = t > 0 ? mix(t, 255, 40) : 255;
            std::snprintf(text, sizeof text, "#%02x%02x%02x", r, g, b);
        } else {
            const double t = std::clamp((v - low) / (high > low ? high - low : 1), 0.0, 1.0);
            std::snprintf(text, sizeof text, "#%02x%02x%02x", mix(t, 255, 8), mix(t, 255, 48), mix(t, 255, 107));
        }
        return text;
    }

    std::string svg() const
    {
        const double cell = 34, left = 60, top = 40, bottom = 50;
        const double width = left + cell * static_cast<double>(columns.size()) + 20;
        const double height = top + cell * static_cast<double>(rows.size()) + bottom;
        std::ostringstream out;
        out << "<svg xmlns='http://www.w3.org/2000/svg' width='" << width << "' height='" << height
            << "' font-family='sans-serif' font-size='10'>\n<rect width='100%' height='100%' fill='white'/>\n";
        out << "<text x='" << width / 2 << "' y='22' text-anchor='middle' font-size='14'>" << plotting::xml(title)
            << "</text>\n";
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const double y = top + cell * static_cast<double>(r);
            out << "<text x='" << left - 6 << "' y='" << y + cell / 2 + 4 << "' text-anchor='end'>"
                << plotting::xml(rows[r]) << "</text>\n";
            for (std::size_t c = 0; c < columns.size() && c < values[r].size(); ++c) {
                const double x = left + cell * static_cast<double>(c), v = values[r][c];
                out << "<rect x='" << x << "' y='" << y << "' width='" << cell << "' height='" << cell << "' fill='"
                    << colour(v) << "'/>";
                char label[16];
                std::snprintf(label, sizeof label, diverging ? "%+.2f" : "%.2f", v);
                out << "<text x='" << x + cell / 2 << "' y='" << y + cell / 2 + 3
                    << "' text-anchor='middle' font-size='8'>" << (std::isfinite(v) ? label : "") << "</text>\n";
            }
        }
        for (std::size_t c = 0; c < columns.size(); ++c)
            out << "<text x='" << left + cell * (static_cast<double>(c) + 0.5) << "' y='"
                << top + cell * static_cast<double>(rows.size()) + 14 << "' text-anchor='middle'>"
                << plotting::xml(columns[c]) << "</text>\n";
        out << "<text x='" << left + cell * static_cast<double>(columns.size()) / 2 << "' y='" << height - 12
            << "' text-anchor='middle' font-size='12'>" << plotting::xml(x_label) << "</text>\n";
        out << "<text transform='translate(16," << top + cell * static_cast<double>(rows.size()) / 2
            << ") rotate(-90)' text-anchor='middle' font-size='12'>" << plotting::xml(y_label) << "</text>\n</svg>\n";
        return out.str();
    }

    /// Writes the figure to `path`; fails (errc::io, naming the path) if it cannot.
    void write(const std::string& path) const { plotting::write_svg(path, svg()); }
};

} // namespace hsc::studies
