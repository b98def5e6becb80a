// CIFAR-10's binary version (data_batch_1.bin … data_batch_5.bin, test_batch.bin): records of one
// label byte (class 0..9) and 3072 pixel bytes, the 32×32 red plane, then green, then blue, each
// row-major. The files have no header, so a file is checked by what it can be checked by: a
// size that is a whole number of records, and labels that are classes. Reading a stream that
// cannot tell its size (a pipe) stops at the first partial record with an error naming it.
// Malformed files fail through hsc::fail with the file name and what is wrong.
#pragma once

#include "hsc/config.hpp"
#include "hsc/detail/stream.hpp"
#include "hsc/io/limits.hpp"

#include <xtensor/xtensor.hpp>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <istream>
#include <limits>
#include <string>
#include <vector>

namespace hsc::io {

/// Images of a CIFAR-10 batch file: labels, and per image three planes of 32×32 bytes (R, G, B).
struct cifar10_images
{
    static constexpr std::size_t side = 32, channels = 3, classes = 10;
    static constexpr std::size_t image_bytes = channels * side * side, record_bytes = 1 + image_bytes;

    std::vector<std::uint8_t> labels;
    std::vector<std::uint8_t> pixels; ///< image i's plane c at [(i·3 + c)·1024], row-major

    std::size_t size() const noexcept { return labels.size(); }

    /// Image i as (32, 32, 3) values in 0..255, the layout hsc::grayscale reads.
    template <std::floating_point T>
    xt::xtensor<T, 3> rgb(std::size_t i) const
    {
        xt::xtensor<T, 3> out({side, side, channels});
        const std::uint8_t* planes = pixels.data() + i * image_bytes;
        for (std::size_t c = 0; c < channels; ++c)
            for (std::size_t p = 0; p < side * side; ++p) out.data()[p * channels + c] = planes[c * side * side + p];
        return out;
    }
};

/// The first `limit` records of a CIFAR-10 batch (all of them by default) from `in`; `name` names
/// the file in errors.
inline cifar10_images read_cifar10(std::istream& in, const std::string& name,
                                   std::size_t limit = std::numeric_limits<std::size_t>::max())
{
    using images = cifar10_images;
    const std::size_t available = hsc::detail::available_bytes(in);
    const bool sized = available != std::numeric_limits<std::size_t>::max();
    if (sized) {
        require(available > 0, errc::format, [&] { return "cifar10: " + name + " is empty"; });
        require(available % images::record_bytes == 0, errc::format, [&] {
            return "cifar10: " + name + " holds " + std::to_string(available) +
                   " bytes, not a whole number of 3073-byte records (a label byte and 3072 pixels): not a "
                   "CIFAR-10 binary batch, or truncated";
        });
    }
    const std::size_t count = sized ? std::min(limit, available / images::record_bytes) : limit;
    const std::size_t most = reader_limits().max_bytes / images::record_bytes;
    cifar10_images out;
    // Records are read one by one into storage that grows with what the stream really holds: a
    // pipe's length is known only at its end.
    std::vector<std::uint8_t> record(images::record_bytes);
    for (std::size_t i = 0; i < count; ++i) {
        in.read(reinterpret_cast<char*>(record.data()), static_cast<std::streamsize>(record.size()));
        const auto got = static_cast<std::size_t>(in.gcount());
        if (got == 0 && !sized) break;
        require(i < most, errc::format, [&] {
            return "cifar10: " + name + " holds more records than the reader's limit of " +
                   std::to_string(reader_limits().max_bytes) + " bytes (hsc::io::reader_limits)";
        });
        require(got == images::record_bytes, errc::format, [&] {
            return "cifar10: " + name + ": record " + std::to_string(i) + " is truncated (" + std::to_string(got) +
                   " of 3073 bytes)";
        });
        require(record[0] < images::classes, errc::format, [&] {
            return "cifar10: " + name + ": record " + std::to_string(i) + " has label " + std::to_string(record[0]) +
                   ", not a class 0..9";
        });
        out.labels.push_back(record[0]);
        out.pixels.insert(out.pixels.end(), record.begin() + 1, record.end());
    }
    require(!out.labels.empty(), errc::format, [&] { return "cifar10: " + name + " holds no record"; });
    return out;
}

inline cifar10_images read_cifar10(const std::string& path, std::size_t limit = std::numeric_limits<std::size_t>::max())
{
    std::ifstream in(path, std::ios::binary);
    require(static_cast<bool>(in), errc::io, [&] { return "cifar10: cannot open " + path + " for reading"; });
    return read_cifar10(in, path, limit);
}

/// The files of CIFAR-10's binary version for a split: "train" (data_batch_1..5.bin) or "test"
/// (test_batch.bin), in `folder` (e.g. cifar-10-batches-bin).
inline std::vector<std::string> cifar10_files(const std::string& folder, const std::string& split)
{
    if (split == "test") return {folder + "/test_batch.bin"};
    require(split == "train", errc::invalid_argument,
            [&] { return "cifar10: split \"" + split + "\" is neither \"train\" nor \"test\""; });
    std::vector<std::string> files;
    for (int b = 1; b <= 5; ++b) files.push_back(folder + "/data_batch_" + std::to_string(b) + ".bin");
    return files;
}

/// The first `limit` images of a split, read across its files in order (a file is opened only
/// while images are still wanted).
inline cifar10_images read_cifar10_split(const std::string& folder, const std::string& split,
                                         std::size_t limit = std::numeric_limits<std::size_t>::max())
{
    cifar10_images all;
    for (const std::string& file : cifar10_files(folder, split)) {
        if (all.size() >= limit) break;
        cifar10_images part = read_cifar10(file, limit - all.size());
        all.labels.insert(all.labels.end(), part.labels.begin(), part.labels.end());
        all.pixels.insert(all.pixels.end(), part.pixels.begin(), part.pixels.end());
    }
    require(limit == std::numeric_limits<std::size_t>::max() || all.size() == limit, errc::invalid_argument, [&] {
        return "cifar10: " + std::to_string(limit) + " " + split + " images asked for, " + folder + " holds " +
               std::to_string(all.size());
    });
    return all;
}

} // namespace hsc::io
