// The JSON lines the tool and the study programs print, through nlohmann-json: strings are escaped
// (a path may hold any character), a number that is not finite is written as null with a note that
// says why, and a line that cannot be written is an error (exit 1), never a silent truncation.
#pragma once

#include <hsc/config.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <string>

namespace hsc::cli {

/// Fields in the order they are set.
using json = nlohmann::ordered_json;

/// `value` rounded to `digits` decimals (what a reader of the line needs; the full precision is in
/// the files the commands write).
inline double rounded(double value, int digits)
{
    const double scale = std::pow(10.0, digits);
    return std::isfinite(value) ? std::round(value * scale) / scale : value;
}

/// object[key] = value, or null with object[key + "_note"] = why when value is not finite.
inline void set_number(json& object, const std::string& key, double value, const char* why_not_finite)
{
    if (std::isfinite(value)) {
        object[key] = value;
    } else {
        object[key] = nullptr;
        object[key + "_note"] = why_not_finite;
    }
}

/// The line as `{"key": value, ...}`: nlohmann's escaping and number format, with the spacing of a
/// line meant to be read by people too.
inline std::string to_line(const json& value)
{
    if (value.is_object()) {
        std::string line = "{";
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (it != value.begin()) line += ", ";
            line += json(it.key()).dump() + ": " + to_line(it.value());
        }
        return line + "}";
    }
    if (value.is_array()) {
        std::string line = "[";
        for (std::size_t i = 0; i < value.size(); ++i) line += (i ? ", " : "") + to_line(value[i]);
        return line + "]";
    }
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// Prints one JSON line on `to` (standard output unless said) and flushes it; fails (errc::io) when
/// the stream cannot take it.
inline void print_line(const json& value, std::FILE* to = stdout)
{
    const std::string line = to_line(value) + "\n";
    if (std::fwrite(line.data(), 1, line.size(), to) != line.size() || std::fflush(to) != 0)
        fail(errc::io, to == stdout ? "cannot write to standard output" : "cannot write to standard error");
}

} // namespace hsc::cli
