// A small SVG line plot, so that experiment programs draw their own figures (no Python needed to
// look at the results).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace hsc::studies {

struct series
{
    std::string label;
    std::string colour;
    bool dashed = false;
    bool points_only = false; ///< a scatter: markers, no line
    std::vector<double> x, y;
};

struct plot
{
    std::string title, x_label, y_label;
    bool log_x = false;
    std::vector<series> lines;

    void write(const std::string& path) const
    {
        const double width = 720, height = 480, left = 70, right = 200, top = 40, bottom = 60;
        double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
        auto tx = [&](double x) { return log_x ? std::log10(x) : x; };
        for (const auto& s : lines)
            for (std::size_t i = 0; i < s.x.size(); ++i) {
                x0 = std::min(x0, tx(s.x[i])), x1 = std::max(x1, tx(s.x[i]));
                y0 = std::min(y0, s.y[i]), y1 = std::max(y1, s.y[i]);
            }
        if (x1 <= x0) x1 = x0 + 1;
        const double pad = 0.05 * std::max(y1 - y0, 1e-9);
        y0 -= pad, y1 += pad;
        const double pw = width - left - right, ph = height - top - bottom;
        auto px = [&](double x) { return left + (tx(x) - x0) / (x1 - x0) * pw; };
        auto py = [&](double y) { return top + (1 - (y - y0) / (y1 - y0)) * ph; };
        std::ofstream out(path);
        out << "<svg xmlns='http://www.w3.org/2000/svg' width='" << width << "' height='" << height
            << "' font-family='sans-serif' font-size='12'>\n<rect width='100%' height='100%' fill='white'/>\n";
        out << "<text x='" << left + pw / 2 << "' y='22' text-anchor='middle' font-size='15'>" << title << "</text>\n";
        out << "<rect x='" << left << "' y='" << top << "' width='" << pw << "' height='" << ph
            << "' fill='none' stroke='black'/>\n";
        char buf[64];
        for (int i = 0; i <= 5; ++i) { // ticks: 6 on each axis
            const double fx = x0 + (x1 - x0) * i / 5, fy = y0 + (y1 - y0) * i / 5;
            const double xv = log_x ? std::pow(10.0, fx) : fx;
            const double sx = left + pw * i / 5, sy = top + ph * (1 - i / 5.0);
            std::snprintf(buf, sizeof buf, xv >= 1000 ? "%.0f" : "%.3g", xv);
            out << "<line x1='" << sx << "' y1='" << top + ph << "' x2='" << sx << "' y2='" << top + ph + 5
                << "' stroke='black'/><text x='" << sx << "' y='" << top + ph + 18 << "' text-anchor='middle'>" << buf
                << "</text>\n";
            std::snprintf(buf, sizeof buf, "%.3g", fy);
            out << "<line x1='" << left - 5 << "' y1='" << sy << "' x2='" << left << "' y2='" << sy
                << "' stroke='black'/><text x='" << left - 8 << "' y='" << sy + 4 << "' text-anchor='end'>" << buf
                << "</text>\n";
        }
        out << "<text x='" << left + pw / 2 << "' y='" << height - 15 << "' text-anchor='middle'>" << x_label
            << "</text>\n<text transform='translate(18," << top + ph / 2 << ") rotate(-90)' text-anchor='middle'>"
            << y_label << "</text>\n";
        for (std::size_t l = 0; l < lines.size(); ++l) {
            const auto& s = lines[l];
            if (!s.points_only) {
                out << "<polyline fill='none' stroke='" << s.colour << "' stroke-width='2'"
                    << (s.dashed ? " stroke-dasharray='6,4'" : "") << " points='";
                for (std::size_t i = 0; i < s.x.size(); ++i) out << px(s.x[i]) << "," << py(s.y[i]) << " ";
                out << "'/>\n";
            }
            for (std::size_t i = 0; i < s.x.size(); ++i)
                out << "<circle cx='" << px(s.x[i]) << "' cy='" << py(s.y[i]) << "' r='" << (s.points_only ? 5 : 3)
                    << "' fill='" << s.colour << "'/>\n";
            const double ly = top + 10 + 20 * static_cast<double>(l);
            out << "<line x1='" << width - right + 15 << "' y1='" << ly << "' x2='" << width - right + 45 << "' y2='"
                << ly << "' stroke='" << s.colour << "' stroke-width='2'" << (s.dashed ? " stroke-dasharray='6,4'" : "")
                << "/><text x='" << width - right + 52 << "' y='" << ly + 4 << "'>" << s.label << "</text>\n";
        }
        out << "</svg>\n";
    }
};

} // namespace hsc::studies
