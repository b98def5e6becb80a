// Sparse codes of many images in one file: an NPZ archive (hsc/io/npz.hpp) of COO arrays that
// numpy reads without hsc. docs/datasets.md documents the members; in short, for the n images of a
// shard and their E events:
//   images (n) uint64       the images' positions in the data set, ascending
//   height, width (n) uint32    0 for an image that was not coded
//   coded (n) uint8          1 coded, 0 failed (its reason in `error`)
//   stop (n) uint8, selections (n) uint64, psnr_db, residual_energy, objective (n) float64: the report
//   error (n, L) uint8       the reason an image failed, UTF-8, zero-padded (L ≥ 1)
//   image (E) uint32, atom (E) uint32, row (E) uint16, col (E) uint16, value (E) float32|float64
//   atoms (1) uint32, boundary (1) uint8 (0 circular, 1 zero): the geometry every code shares
// Events are grouped by image in the order of `images`, each image's in its code's order.
#pragma once

#include "hsc/code/boundary.hpp"
#include "hsc/code/sparse_code.hpp"
#include "hsc/config.hpp"
#include "hsc/encoder/dataset.hpp"
#include "hsc/io/npz.hpp"

#include <xtensor/xtensor.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace hsc::io {

/// The shard file of `images` (coded with a bank of `atoms` atoms and boundary `mode`), as bytes.
template <std::floating_point T>
std::string code_shard_bytes(std::span<const coded_image<T>> images, std::size_t atoms, boundary mode)
{
    const std::size_t n = images.size();
    std::size_t events = 0, error_length = 1;
    for (const auto& image : images) {
        events += image.code.events().size();
        error_length = std::max(error_length, image.error.size());
        require(image.code.geometry().height <= std::numeric_limits<std::uint16_t>::max() &&
                    image.code.geometry().width <= std::numeric_limits<std::uint16_t>::max() &&
                    image.index <= std::numeric_limits<std::uint32_t>::max(),
                errc::invalid_argument, [&] {
                    return "code shard: image " + std::to_string(image.index) +
                           " is larger than a shard holds (65535 rows or columns, 2^32 images)";
                });
    }
    auto per_image = [n]<class V>(V) { return xt::xtensor<V, 1>::from_shape({n}); };
    auto index = per_image(std::uint64_t{}), selections = per_image(std::uint64_t{});
    auto height = per_image(std::uint32_t{}), width = per_image(std::uint32_t{});
    auto coded = per_image(std::uint8_t{}), stop = per_image(std::uint8_t{});
    auto psnr = per_image(double{}), residual = per_image(double{}), objective = per_image(double{});
    xt::xtensor<std::uint8_t, 2> error = xt::zeros<std::uint8_t>({n, error_length});
    auto per_event = [events]<class V>(V) { return xt::xtensor<V, 1>::from_shape({events}); };
    auto image_of = per_event(std::uint32_t{}), atom = per_event(std::uint32_t{});
    auto row = per_event(std::uint16_t{}), col = per_event(std::uint16_t{});
    auto value = per_event(T{});
    std::size_t e = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const coded_image<T>& image = images[i];
        index(i) = image.index;
        height(i) = static_cast<std::uint32_t>(image.code.geometry().height);
        width(i) = static_cast<std::uint32_t>(image.code.geometry().width);
        coded(i) = image.coded() ? 1 : 0;
        stop(i) = static_cast<std::uint8_t>(image.report.reason);
        selections(i) = image.report.selections;
        psnr(i) = image.report.psnr_db;
        residual(i) = image.report.residual_energy;
        objective(i) = image.report.objective;
        for (std::size_t c = 0; c < image.error.size(); ++c) error(i, c) = static_cast<std::uint8_t>(image.error[c]);
        for (const code_event<T>& event : image.code.events()) {
            image_of(e) = static_cast<std::uint32_t>(image.index);
            atom(e) = event.atom;
            row(e) = static_cast<std::uint16_t>(event.row);
            col(e) = static_cast<std::uint16_t>(event.col);
            value(e) = event.value;
            ++e;
        }
    }
    npz_writer archive;
    archive.add("images", index);
    archive.add("height", height);
    archive.add("width", width);
    archive.add("coded", coded);
    archive.add("stop", stop);
    archive.add("selections", selections);
    archive.add("psnr_db", psnr);
    archive.add("residual_energy", residual);
    archive.add("objective", objective);
    archive.add("error", error);
    archive.add("image", image_of);
    archive.add("atom", atom);
    archive.add("row", row);
    archive.add("col", col);
    archive.add("value", value);
    auto atom_count = xt::xtensor<std::uint32_t, 1>::from_shape({1});
    atom_count(0) = static_cast<std::uint32_t>(atoms);
    auto placement = xt::xtensor<std::uint8_t, 1>::from_shape({1});
    placement(0) = mode == boundary::zero ? 1 : 0;
    archive.add("atoms", atom_count);
    archive.add("boundary", placement);
    return archive.finish();
}

/// The images of a shard file, with their codes and reports, as code_shard_bytes wrote them; every
/// array's length and every event's image, atom and position are checked against the rest.
template <std::floating_point T>
std::vector<coded_image<T>> read_code_shard(const npz_reader& archive)
{
    const auto index = archive.array<std::uint64_t, 1>("images");
    const std::size_t n = index.size();
    const auto height = archive.array<std::uint32_t, 1>("height"), width = archive.array<std::uint32_t, 1>("width");
    const auto coded = archive.array<std::uint8_t, 1>("coded"), stop = archive.array<std::uint8_t, 1>("stop");
    const auto selections = archive.array<std::uint64_t, 1>("selections");
    const auto psnr = archive.array<double, 1>("psnr_db"), residual = archive.array<double, 1>("residual_energy"),
               objective = archive.array<double, 1>("objective");
    const auto error = archive.array<std::uint8_t, 2>("error");
    const auto image_of = archive.array<std::uint32_t, 1>("image"), atom = archive.array<std::uint32_t, 1>("atom");
    const auto row = archive.array<std::uint16_t, 1>("row"), col = archive.array<std::uint16_t, 1>("col");
    const auto value = archive.array<T, 1>("value");
    const auto atoms = archive.array<std::uint32_t, 1>("atoms");
    const auto mode = archive.array<std::uint8_t, 1>("boundary");
    auto bad = [](const std::string& what) { fail(errc::format, "code shard: " + what); };
    for (const std::size_t length : {height.size(), width.size(), coded.size(), stop.size(), selections.size(),
                                     psnr.size(), residual.size(), objective.size(), error.shape()[0]}) {
        if (length != n) bad("per-image arrays of different lengths");
    }
    const std::size_t events = image_of.size();
    for (const std::size_t length : {atom.size(), row.size(), col.size(), value.size()}) {
        if (length != events) bad("per-event arrays of different lengths");
    }
    if (atoms.size() != 1 || mode.size() != 1 || mode(0) > 1) bad("malformed 'atoms' or 'boundary'");
    std::vector<coded_image<T>> images(n);
    std::size_t e = 0;
    for (std::size_t i = 0; i < n; ++i) {
        coded_image<T>& image = images[i];
        image.index = index(i);
        if (i > 0 && index(i) <= index(i - 1)) bad("image positions are not ascending");
        if (stop(i) > encode_report::target_objective) bad("unknown stop reason " + std::to_string(stop(i)));
        image.report = {static_cast<encode_report::stop_reason>(stop(i)), selections(i), residual(i), psnr(i),
                        objective(i)};
        if (coded(i) == 0) {
            const auto* text = &error(i, 0);
            image.error.assign(text, std::find(text, text + error.shape()[1], std::uint8_t{0}));
            if (image.error.empty()) image.error = "not coded";
        }
        const code_geometry geometry{atoms(0), height(i), width(i), mode(0) == 1 ? boundary::zero : boundary::circular};
        std::vector<code_event<T>> list;
        for (; e < events && image_of(e) == index(i); ++e) {
            if (atom(e) >= geometry.atoms || row(e) >= geometry.height || col(e) >= geometry.width) {
                bad("event " + std::to_string(e) + " lies outside image " + std::to_string(index(i)) + "'s code");
            }
            list.push_back({atom(e), row(e), col(e), value(e)});
        }
        image.code = coded(i) ? sparse_code<T>(geometry, std::move(list)) : sparse_code<T>{};
        if (!coded(i) && !list.empty()) bad("events of an image that was not coded");
    }
    if (e != events) bad("event " + std::to_string(e) + " belongs to no image of the shard, or is out of order");
    return images;
}

} // namespace hsc::io
