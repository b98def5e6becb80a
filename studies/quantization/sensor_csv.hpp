// Sensor sessions as CSV, in the layout the authors publish theirs (docs/science.md §2.5): a header
// line, one numeric column per sensor and an integer `Label` column, one sample per line. Written
// by hand (a few dozen lines) rather than through a CSV library: the layout has no quoting or
// embedded separators to handle, and every malformed file must get an error that names its line
// and column, which the reader does as it parses.
#pragma once

#include "sensor_data.hpp"

#include "../common/text_file.hpp"

#include <command_line.hpp>
#include <hsc/config.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hsc::studies {

/// Bounds that keep a lying file from exhausting memory before it is refused: its size (checked
/// before reading, so no line is read whole beyond it), its line length and its number of values.
inline constexpr std::size_t max_csv_bytes = std::size_t{256} << 20, max_csv_line = 1 << 20, max_csv_rows = 1'000'000,
                             max_csv_features = 4096, max_csv_values = 10'000'000;

namespace csv {
    inline std::string_view trim(std::string_view s) noexcept
    {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"')) s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '"' || s.back() == '\r'))
            s.remove_suffix(1);
        return s;
    }

    /// A line's comma-separated fields, trimmed.
    inline std::vector<std::string> fields(const std::string& line)
    {
        auto parts = cli::split(line, ',');
        for (auto& part : parts) part = std::string(trim(part));
        return parts;
    }
} // namespace csv

/// Reads one session. Labels may be any integers; classes are numbered in increasing label order.
/// Negative responses are shifted by the file's minimum, as the authors' generator does (the
/// encoder codes non-negative responses); `shifted` reports by how much (0 if none was negative).
inline sensor_data read_sensor_csv(const std::string& path, double* shifted = nullptr)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(errc::io, "cannot open " + path);
    std::error_code size_unknown; // a pipe, say: then the other bounds hold
    const auto bytes = std::filesystem::file_size(path, size_unknown);
    require(size_unknown || bytes <= max_csv_bytes, errc::invalid_argument, [&] {
        return path + ": " + std::to_string(bytes >> 20) + " MiB; sensor sessions larger than " +
               std::to_string(max_csv_bytes >> 20) + " MiB are refused";
    });
    auto where = [&](std::size_t line) { return path + ":" + std::to_string(line) + ": "; };
    std::string line;
    std::size_t number = 0;
    auto next_line = [&]() -> bool {
        while (std::getline(in, line)) {
            ++number;
            require(line.size() <= max_csv_line, errc::invalid_argument,
                    [&] { return where(number) + "a line longer than 1 MiB; not a sensor CSV"; });
            if (!csv::trim(line).empty()) return true;
        }
        return false;
    };
    require(next_line(), errc::invalid_argument, [&] { return path + ": empty file, expected a header line"; });
    const auto header = csv::fields(line);
    std::size_t label_column = header.size();
    for (std::size_t c = 0; c < header.size(); ++c) {
        require(!header[c].empty(), errc::invalid_argument, [&] {
            return where(number) + "column " + std::to_string(c + 1) + " has no name (a saved index column?)";
        });
        if (header[c] == "Label" || header[c] == "label") {
            require(label_column == header.size(), errc::invalid_argument,
                    [&] { return where(number) + "two Label columns"; });
            label_column = c;
        }
    }
    require(label_column < header.size(), errc::invalid_argument,
            [&] { return where(number) + "no Label column in the header"; });
    const std::size_t features = header.size() - 1;
    require(features >= 1 && features <= max_csv_features, errc::invalid_argument, [&] {
        return where(number) + std::to_string(features) + " feature columns (1.." + std::to_string(max_csv_features) +
               ")";
    });
    std::vector<double> values;
    std::vector<long> labels;
    while (next_line()) {
        const auto fields = csv::fields(line);
        require(fields.size() == header.size(), errc::invalid_argument, [&] {
            return where(number) + std::to_string(fields.size()) + " fields, the header has " +
                   std::to_string(header.size());
        });
        require(labels.size() < max_csv_rows && values.size() + features <= max_csv_values, errc::invalid_argument,
                [&] {
                    return path + ": more than " + std::to_string(max_csv_rows) + " samples or " +
                           std::to_string(max_csv_values) + " values";
                });
        double total = 0;
        for (std::size_t c = 0; c < fields.size(); ++c) {
            const auto& f = fields[c];
            auto bad = [&](const char* what) {
                return where(number) + "column " + header[c] + ": '" + std::string(f) + "' " + what;
            };
            if (c == label_column) {
                long label = 0;
                const auto [end, error] = std::from_chars(f.data(), f.data() + f.size(), label);
                require(error == std::errc{} && end == f.data() + f.size(), errc::invalid_argument,
                        [&] { return bad("is not an integer label"); });
                labels.push_back(label);
                continue;
            }
            double v = 0;
            const auto [end, error] = std::from_chars(f.data(), f.data() + f.size(), v);
            require(error == std::errc{} && end == f.data() + f.size(), errc::invalid_argument,
                    [&] { return bad("is not a number"); });
            require(std::isfinite(v), errc::invalid_argument, [&] { return bad("is not finite"); });
            values.push_back(v);
            total += std::fabs(v);
        }
        require(total > 0, errc::invalid_argument,
                [&] { return where(number) + "every response is zero: nothing to normalise"; });
    }
    require(!labels.empty(), errc::invalid_argument, [&] { return path + ": a header and no samples"; });
    std::map<long, std::size_t> classes;
    for (const long l : labels) classes.emplace(l, 0);
    require(classes.size() >= 2, errc::invalid_argument,
            [&] { return path + ": every sample has the same label; needs at least two classes"; });
    sensor_data data;
    for (auto& [label, index] : classes) {
        index = data.label_values.size();
        data.label_values.push_back(label);
    }
    data.samples = xt::xtensor<double, 2>({labels.size(), features});
    std::copy(values.begin(), values.end(), data.samples.begin());
    for (const long l : labels) data.labels.push_back(classes[l]);
    const double lowest = *std::min_element(values.begin(), values.end());
    if (lowest < 0) data.samples -= lowest;
    if (shifted) *shifted = lowest < 0 ? -lowest : 0;
    return data;
}

/// Writes a session in the same layout (columns sensor_1.., Label), every value at full precision,
/// so that reading it back gives the same samples bit for bit.
inline void write_sensor_csv(const std::string& path, const sensor_data& data)
{
    text_file out(path);
    for (std::size_t j = 0; j < data.features(); ++j) std::fprintf(out.get(), "sensor_%zu,", j + 1);
    std::fprintf(out.get(), "Label\n");
    char number[64];
    for (std::size_t r = 0; r < data.rows(); ++r) {
        for (std::size_t j = 0; j < data.features(); ++j) {
            const auto end = std::to_chars(number, number + sizeof number, data.samples(r, j)).ptr;
            std::fprintf(out.get(), "%.*s,", static_cast<int>(end - number), number);
        }
        std::fprintf(out.get(), "%ld\n", data.label_values[data.labels[r]]);
    }
    out.close();
}

} // namespace hsc::studies
