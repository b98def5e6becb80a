// Coding a data set into a folder of shard files, as `hsc encode-dataset` and hsc.dask run it: the
// same code in both, so that their files are the same bytes.
//
// OUT/dataset.json  what every run over OUT agrees on: format, hsc version, bank digest, coder,
//                   preparation, shard size, the images' paths (sorted; positions are indices)
// OUT/bank.npy      the bank the codes were made with
// OUT/codes-NNNNNN.npz  shard N: images N·S … N·S + S − 1 (hsc/io/code_shard.hpp)
// A shard file appears whole (written aside, then renamed), so a run that finds one skips it: a run
// killed half-way and run again writes what an uninterrupted run writes. --shard I/N takes the
// shards whose number is I modulo N, so N runs write, together, the files of one.
#pragma once

#include "image_file.hpp"
#include "json.hpp"
#include "progress.hpp"

#include <hsc/hsc.hpp>
#include <hsc/io/code_shard.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace hsc::cli {

/// The images of a data set: `root` joined with each of `paths` (sorted, '/'-separated; a path that
/// is absolute stands for itself).
struct dataset_listing
{
    std::string root;
    std::vector<std::string> paths;
};

/// One folder: its image files, recursively, by path relative to it; one other file: a list of
/// image paths, one per line, relative to the list's folder ('#' starts a comment line); several
/// paths: those images. Sorted by path, duplicates refused, so that positions never depend on the
/// order a file system lists a folder in.
inline dataset_listing list_dataset(const std::vector<std::string>& inputs)
{
    namespace fs = std::filesystem;
    dataset_listing listing;
    std::error_code ec;
    require(!inputs.empty(), errc::invalid_argument, [] { return std::string("no images given"); });
    if (inputs.size() == 1 && fs::is_directory(inputs[0], ec)) {
        listing.root = inputs[0];
        for (auto it = fs::recursive_directory_iterator(inputs[0], ec); !ec && it != fs::recursive_directory_iterator();
             it.increment(ec)) {
            if (it->is_regular_file(ec) && is_image_file(it->path().string())) {
                listing.paths.push_back(it->path().lexically_relative(inputs[0]).generic_string());
            }
        }
        if (ec) fail(errc::io, "cannot list " + inputs[0] + ": " + ec.message());
        require(!listing.paths.empty(), errc::invalid_argument,
                [&] { return inputs[0] + " holds no " + image_file_types() + " image"; });
    } else if (inputs.size() == 1 && !is_image_file(inputs[0])) {
        std::ifstream list(inputs[0]);
        require(static_cast<bool>(list), errc::io, [&] { return "cannot open " + inputs[0]; });
        listing.root = fs::path(inputs[0]).parent_path().string();
        std::size_t number = 0;
        for (std::string line; std::getline(list, line);) {
            ++number;
            while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
            if (line.empty() || line[0] == '#') continue;
            require(line.find('\0') == std::string::npos && line.size() < 4096, errc::format, [&] {
                return inputs[0] + ": line " + std::to_string(number) + " is not a path (binary, or over 4096 bytes)";
            });
            listing.paths.push_back(line);
        }
        require(!listing.paths.empty(), errc::invalid_argument,
                [&] { return inputs[0] + " lists no image (a folder or a text file of paths, one per line)"; });
    } else {
        listing.paths = inputs;
    }
    std::sort(listing.paths.begin(), listing.paths.end());
    const auto twin = std::adjacent_find(listing.paths.begin(), listing.paths.end());
    require(twin == listing.paths.end(), errc::invalid_argument,
            [&] { return "the image " + *twin + " is listed twice"; });
    return listing;
}

/// Every option of a policy that can change a code (not the thread count: codes do not depend on it).
inline json describe(const solver::mp& p)
{
    const auto& o = p.options;
    json d = {{"name", "mp"},
              {"max_atoms", o.max_atoms},
              {"target_psnr_db", std::isfinite(o.target_psnr_db) ? json(o.target_psnr_db) : json(nullptr)},
              {"threshold", o.threshold},
              {"gain", o.gain}};
    // Only when not exact: a run started before the option existed is still this run.
    if (p.table == solver::cross_table::int16) d["cross_table"] = "int16";
    return d;
}
inline json describe(const solver::omp& p)
{
    json d = describe(solver::mp{.options = p.options});
    d["name"] = "omp";
    d["max_local"] = p.max_local;
    return d;
}
template <class Options>
json describe_convex(const char* name, const Options& o)
{
    return {{"name", name},
            {"lambda", o.problem.lambda},
            {"l1_weights", o.problem.l1_weights},
            {"max_iterations", o.max_iterations},
            {"tolerance", o.tolerance}};
}
inline json describe(const solver::admm& p)
{
    json d = describe_convex("admm", p.options);
    d["relaxation"] = p.options.relaxation;
    d["rho"] = p.options.rho;
    d["auto_rho"] = p.options.auto_rho;
    return d;
}
inline json describe(const solver::fista& p)
{
    json d = describe_convex("fista", p.options);
    d["gap_tolerance"] = p.options.gap_tolerance;
    d["target_objective"] = p.options.target_objective;
    d["restart"] = p.options.restart;
    return d;
}

/// Where and how a run goes.
struct dataset_plan
{
    dataset_listing images;
    std::string out;
    std::size_t shard_size = 64;
    std::size_t part = 0, parts = 1; ///< this run codes the shards s with s % parts == part
    std::size_t threads = 1;
    bool progress = true;
};

namespace detail {
    inline std::string shard_name(std::size_t shard)
    {
        char name[32];
        std::snprintf(name, sizeof name, "codes-%06zu.npz", shard);
        return name;
    }

    inline std::string file_bytes(const std::string& path)
    {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        return bytes.str();
    }

    /// Writes `bytes` to `path` whole or not at all: to a file beside it, then renamed over it.
    inline void write_whole(const std::string& path, const std::string& bytes)
    {
        const std::string aside = path + ".part-" + std::to_string(::getpid());
        {
            std::ofstream out(aside, std::ios::binary | std::ios::trunc);
            out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
            require(static_cast<bool>(out.flush()), errc::io, [&] { return "cannot write " + aside; });
        }
        std::error_code ec;
        std::filesystem::rename(aside, path, ec);
        require(!ec, errc::io, [&] { return "cannot rename " + aside + " to " + path + ": " + ec.message(); });
    }

    /// Writes `bytes` at `path`, or checks that the file there holds exactly them: what a second
    /// run over the same folder must find. `what` names the difference for the message.
    inline void write_or_match(const std::string& path, const std::string& bytes, const std::string& what)
    {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) return write_whole(path, bytes);
        require(file_bytes(path) == bytes, errc::invalid_argument, [&] {
            return path + " is from another run (" + what +
                   "): give another --out, or remove the folder to start again";
        });
    }
} // namespace detail

/// Codes the plan's shards with `bank` and `policy` and returns the run's summary (one JSON object).
template <class Policy>
json run_dataset_job(const dataset_plan& plan, const kernel_bank<float>& bank, boundary mode, const Policy& policy,
                     const image_preparation& prepare)
{
    namespace fs = std::filesystem;
    const std::size_t count = plan.images.paths.size();
    require(plan.shard_size > 0 && plan.parts > 0 && plan.part < plan.parts, errc::invalid_argument, [&] {
        return "shard " + std::to_string(plan.part) + "/" + std::to_string(plan.parts) + " of shards of " +
               std::to_string(plan.shard_size) + " images: need 0 <= I < N and a size of at least 1";
    });
    const std::size_t shards = (count + plan.shard_size - 1) / plan.shard_size;
    std::error_code ec;
    fs::create_directories(plan.out, ec);
    require(fs::is_directory(plan.out, ec) && ::access(plan.out.c_str(), W_OK) == 0, errc::io,
            [&] { return "cannot write in " + plan.out; });

    std::ostringstream bank_npy;
    io::write_npy(bank_npy, bank.atoms());
    char digest[16];
    std::snprintf(digest, sizeof digest, "%08x", static_cast<unsigned>(io::detail::crc32(bank_npy.str())));
    const json metadata{
        {"format", "hsc-codes"},
        {"version", 1},
        {"hsc", HSC_VERSION_STRING},
        {"value_type", "float32"},
        {"images", count},
        {"shard_size", plan.shard_size},
        {"shards", shards},
        {"bank", {{"file", "bank.npy"}, {"atoms", bank.size()}, {"atom_size", bank.atom_size()}, {"crc32", digest}}},
        {"coder", {{"solver", describe(policy)}, {"boundary", to_string(mode)}}},
        {"preparation", prepare.describe()},
        {"paths", plan.images.paths}};
    detail::write_or_match(plan.out + "/bank.npy", bank_npy.str(), "another bank");
    detail::write_or_match(plan.out + "/dataset.json", metadata.dump(1) + "\n",
                           "other images, coder or preparation: compare its dataset.json");

    // One listing of OUT: the shards written, and what killed runs left aside (".part-PID").
    std::set<std::string> present;
    for (const auto& entry : fs::directory_iterator(plan.out, ec)) present.insert(entry.path().filename().string());
    require(!ec, errc::io, [&] { return "cannot list " + plan.out + ": " + ec.message(); });
    // This run's shards not written yet, and their images in order.
    std::vector<std::size_t> pending;
    std::size_t mine = 0, skipped = 0;
    for (std::size_t s = plan.part; s < shards; s += plan.parts) {
        ++mine;
        const std::string name = detail::shard_name(s);
        if (present.count(name) != 0) {
            ++skipped;
            continue;
        }
        // Only this run writes shard s, so a file set aside for it is a killed run's, and stale.
        const std::string aside = name + ".part-";
        for (auto it = present.lower_bound(aside); it != present.end() && it->rfind(aside, 0) == 0; ++it) {
            fs::remove(plan.out + "/" + *it, ec);
        }
        for (std::size_t i = s * plan.shard_size; i < std::min(count, (s + 1) * plan.shard_size); ++i) {
            pending.push_back(i);
        }
    }

    const auto start = std::chrono::steady_clock::now();
    std::vector<coded_image<float>> shard;
    json failures = json::array();
    std::size_t written = 0;
    auto sink = [&](coded_image<float>&& image) {
        image.index = pending[image.index];
        if (!image.coded()) failures.push_back({{"path", plan.images.paths[image.index]}, {"error", image.error}});
        shard.push_back(std::move(image));
        const std::size_t s = shard.front().index / plan.shard_size;
        if (shard.back().index + 1 == std::min(count, (s + 1) * plan.shard_size)) {
            detail::write_whole(plan.out + "/" + detail::shard_name(s),
                                io::code_shard_bytes<float>(shard, bank.size(), mode));
            shard.clear();
            ++written;
        }
    };
    auto load = [&](std::size_t k) {
        const std::string& path = plan.images.paths[pending[k]];
        // An absolute path in a list stands for itself (operator/ keeps it).
        return prepare(read_image_file((fs::path(plan.images.root) / path).string()));
    };
    progress_bar bar(plan.progress, "encode-dataset", "image");
    const dataset_encoder<float, Policy> coder(bank, plan.threads, mode, policy);
    const dataset_summary summary = coder.encode(pending.size(), load, sink, [&](const dataset_progress& p) {
        bar.update(p.done, 0, p.total, p.failed ? std::to_string(p.failed) + " failed" : "");
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    return json{{"out", plan.out},
                {"images", count},
                {"shards", shards},
                {"part", std::to_string(plan.part) + "/" + std::to_string(plan.parts)},
                {"shards_of_this_part", mine},
                {"shards_written", written},
                {"shards_found_done", skipped},
                {"images_coded", summary.coded},
                {"images_failed", summary.failed},
                {"seconds", rounded(seconds, 3)},
                {"images_per_second", seconds > 0 ? rounded(static_cast<double>(summary.images) / seconds, 2) : 0.0},
                {"threads", coder.threads()},
                {"failures", failures}};
}

} // namespace hsc::cli
