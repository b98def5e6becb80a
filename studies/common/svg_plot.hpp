// A small SVG plot, so that the study programs draw their own figures (no Python needed to look at
// the results): lines, scatters, bars for counts, ± sd error bars for means over seeds, axes with
// round tick values, and a write that fails loudly.
#pragma once

#include <hsc/config.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
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
    std::vector<double> y_sd{}; ///< when given (one per point): ± sd error bars
    bool bars = false;          ///< counts: a bar from 0 to y at each x
};

namespace plotting {
    /// Text safe inside SVG.
    inline std::string xml(const std::string& text)
    {
        std::string out;
        for (const char c : text) {
            if (c == '<')
                out += "&lt;";
            else if (c == '>')
                out += "&gt;";
            else if (c == '&')
                out += "&amp;";
            else if (c == '\'')
                out += "&apos;";
            else
                out += c;
        }
        return out;
    }

    /// A round step (1, 2 or 5 times a power of ten) that cuts `span` into about `parts` parts.
    inline double nice_step(double span, int parts)
    {
        const double raw = span / parts;
        const double power = std::pow(10.0, std::floor(std::log10(raw)));
        for (const double m : {1.0, 2.0, 5.0})
            if (m * power >= raw) return m * power;
        return 10 * power;
    }

    /// A tick label: as many decimals as the step needs, no more.
    /// Writes an SVG document to `path`; fails (errc::io, naming the path) if it cannot.
    inline void write_svg(const std::string& path, const std::string& svg)
    {
        std::ofstream out(path);
        if (!out) fail(errc::io, "cannot open " + path + " for writing");
        out << svg;
        out.close();
        if (!out) fail(errc::io, "cannot write " + path);
    }

    inline std::string tick_label(double value, double step)
    {
        const int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)));
        char text[32];
        std::snprintf(text, sizeof text, "%.*f", decimals, std::abs(value) < step * 1e-9 ? 0.0 : value);
        return text;
    }
} // namespace plotting

struct plot
{
    std::string title, x_label, y_label; ///< labels name their unit, e.g. "PSNR (dB)"
    bool log_x = false;
    std::vector<series> lines;

    /// Writes the figure to `path`; fails (errc::io, naming the path) if it cannot.
    void write(const std::string& path) const { plotting::write_svg(path, svg()); }

    std::string svg() const
    {
        const double width = 720, height = 480, left = 70, right = 200, top = 40, bottom = 60;
        double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
        bool counts = false;
        auto tx = [&](double x) { return log_x ? std::log10(x) : x; };
        for (const auto& s : lines) {
            counts = counts || s.bars;
            for (std::size_t i = 0; i < s.x.size(); ++i) {
                const double sd = i < s.y_sd.size() ? s.y_sd[i] : 0.0;
                x0 = std::min(x0, tx(s.x[i])), x1 = std::max(x1, tx(s.x[i]));
                y0 = std::min(y0, s.y[i] - sd), y1 = std::max(y1, s.y[i] + sd);
            }
        }
        if (x0 > x1) x0 = 0, x1 = 1, y0 = 0, y1 = 1; // nothing to draw: an empty frame
        if (counts) y0 = std::min(y0, 0.0);          // bars stand on zero, and counts never go below it
        if (x1 <= x0) x0 -= 0.5, x1 += 0.5;
        if (y1 <= y0) y0 -= 0.5, y1 += 0.5;
        // Round axes: the range extends to whole steps of a round value.
        const double y_step = plotting::nice_step(y1 - y0, 5);
        y0 = std::floor(y0 / y_step + 1e-9) * y_step, y1 = std::ceil(y1 / y_step - 1e-9) * y_step;
        double x_step = 1;
        if (log_x) {
            x0 = std::floor(x0 * 10 + 1e-9) / 10, x1 = std::ceil(x1 * 10 - 1e-9) / 10;
        } else {
            x_step = plotting::nice_step(x1 - x0, 6);
            const bool bars = counts;
            if (bars) x0 -= x_step / 2, x1 += x_step / 2; // room for the outer bars
            x0 = std::floor(x0 / x_step + 1e-9) * x_step, x1 = std::ceil(x1 / x_step - 1e-9) * x_step;
        }
        const double pw = width - left - right, ph = height - top - bottom;
        auto px = [&](double x) { return left + (tx(x) - x0) / (x1 - x0) * pw; };
        auto py = [&](double y) { return top + (1 - (y - y0) / (y1 - y0)) * ph; };
        std::ostringstream out;
        out << "<svg xmlns='http://www.w3.org/2000/svg' width='" << width << "' height='" << height
            << "' font-family='sans-serif' font-size='12'>\n<rect width='100%' height='100%' fill='white'/>\n";
        out << "<text x='" << left + pw / 2 << "' y='22' text-anchor='middle' font-size='15'>" << plotting::xml(title)
            << "</text>\n";
        out << "<rect x='" << left << "' y='" << top << "' width='" << pw << "' height='" << ph
            << "' fill='none' stroke='black'/>\n";
        auto x_tick = [&](double value, const std::string& label) {
            const double sx = px(value);
            out << "<line x1='" << sx << "' y1='" << top + ph << "' x2='" << sx << "' y2='" << top + ph + 5
                << "' stroke='black'/><text x='" << sx << "' y='" << top + ph + 18 << "' text-anchor='middle'>" << label
                << "</text>\n";
        };
        if (log_x) { // 1, 2 and 5 times each power of ten inside the range
            for (int e = static_cast<int>(std::floor(x0)); e <= static_cast<int>(std::ceil(x1)); ++e)
                for (const double m : {1.0, 2.0, 5.0}) {
                    const double v = m * std::pow(10.0, e);
                    if (std::log10(v) >= x0 - 1e-9 && std::log10(v) <= x1 + 1e-9)
                        x_tick(v, plotting::tick_label(v, std::min(1.0, v)));
                }
        } else {
            for (double v = x0; v <= x1 + x_step * 1e-6; v += x_step) x_tick(v, plotting::tick_label(v, x_step));
        }
        for (double v = y0; v <= y1 + y_step * 1e-6; v += y_step) {
            const double sy = py(v);
            out << "<line x1='" << left - 5 << "' y1='" << sy << "' x2='" << left << "' y2='" << sy
                << "' stroke='black'/><text x='" << left - 8 << "' y='" << sy + 4 << "' text-anchor='end'>"
                << plotting::tick_label(v, y_step) << "</text>\n";
        }
        out << "<text x='" << left + pw / 2 << "' y='" << height - 15 << "' text-anchor='middle'>"
            << plotting::xml(x_label) << "</text>\n<text transform='translate(18," << top + ph / 2
            << ") rotate(-90)' text-anchor='middle'>" << plotting::xml(y_label) << "</text>\n";
        std::size_t bar_series = 0, bar_index = 0;
        for (const auto& s : lines) bar_series += s.bars;
        for (std::size_t l = 0; l < lines.size(); ++l) {
            const auto& s = lines[l];
            if (s.bars) { // side by side when several series are bars
                const double slot = (log_x ? 0.0 : x_step) / (x1 - x0) * pw * 0.8;
                const double bar = slot / static_cast<double>(std::max<std::size_t>(bar_series, 1));
                for (std::size_t i = 0; i < s.x.size(); ++i) {
                    const double bx = px(s.x[i]) - slot / 2 + bar * static_cast<double>(bar_index);
                    const double base = py(std::max(y0, 0.0)), tip = py(s.y[i]);
                    out << "<rect x='" << bx << "' y='" << std::min(base, tip) << "' width='" << bar << "' height='"
                        << std::abs(base - tip) << "' fill='" << s.colour << "'/>\n";
                }
                ++bar_index;
            } else if (!s.points_only) {
                out << "<polyline fill='none' stroke='" << s.colour << "' stroke-width='2'"
                    << (s.dashed ? " stroke-dasharray='6,4'" : "") << " points='";
                for (std::size_t i = 0; i < s.x.size(); ++i) out << px(s.x[i]) << "," << py(s.y[i]) << " ";
                out << "'/>\n";
            }
            for (std::size_t i = 0; i < s.x.size() && !s.bars; ++i)
                out << "<circle cx='" << px(s.x[i]) << "' cy='" << py(s.y[i]) << "' r='" << (s.points_only ? 5 : 3)
                    << "' fill='" << s.colour << "'/>\n";
            for (std::size_t i = 0; i < s.y_sd.size() && i < s.x.size(); ++i) { // ± sd, with caps
                const double ex = px(s.x[i]), lo = py(s.y[i] - s.y_sd[i]), hi = py(s.y[i] + s.y_sd[i]);
                out << "<path d='M" << ex << "," << lo << "V" << hi << "M" << ex - 4 << "," << lo << "H" << ex + 4
                    << "M" << ex - 4 << "," << hi << "H" << ex + 4 << "' stroke='" << s.colour
                    << "' stroke-width='1.5' fill='none'/>\n";
            }
            const double ly = top + 10 + 20 * static_cast<double>(l);
            out << "<line x1='" << width - right + 15 << "' y1='" << ly << "' x2='" << width - right + 45 << "' y2='"
                << ly << "' stroke='" << s.colour << "' stroke-width='" << (s.bars ? 8 : 2) << "'"
                << (s.dashed ? " stroke-dasharray='6,4'" : "") << "/><text x='" << width - right + 52 << "' y='"
                << ly + 4 << "'>" << plotting::xml(s.label) << "</text>\n";
        }
        out << "</svg>\n";
        return out.str();
    }
};

} // namespace hsc::studies
