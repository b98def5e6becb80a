// hsc encode-dataset: codes every image of a folder or list into shard files (frontend/dataset_job.hpp),
// with one bank set-up, workers over the images, and a rerun that resumes.

#include "coder_options.hpp"
#include "commands.hpp"
#include "dataset_job.hpp"

#include <hsc/hsc.hpp>

#include <string>
#include <thread>
#include <vector>

namespace hsc::cli {

inline const char* encode_dataset_description =
    "Codes the images of a data set with one bank and writes their sparse codes to OUT:\n"
    "OUT/dataset.json (the images' paths, sorted: their positions are their indices; bank, coder),\n"
    "OUT/bank.npy, and OUT/codes-NNNNNN.npz: shard N holds images N*S .. N*S+S-1 as COO arrays\n"
    "(image, atom, row, col, value) numpy reads with np.load (docs/datasets.md).\n"
    "INPUT is a folder (its images, recursively), a text file listing image paths (one per line,\n"
    "relative to the file's folder), or image files. A shard file appears whole, so a rerun after an\n"
    "interruption skips the shards written and writes what an uninterrupted run writes. An image that\n"
    "cannot be read or coded is recorded in its shard and the summary and skipped (exit 1 when no\n"
    "image of the run could be coded). Prints one JSON\n"
    "object: images, shards written, images/s, failures with their reasons; a progress bar on\n"
    "standard error.";

int run_encode_dataset(const std::vector<std::string>& args)
{
    CLI::App app{encode_dataset_description, "hsc encode-dataset"};
    set_style(app);
    std::vector<std::string> inputs;
    std::optional<std::string> shard;
    std::string out;
    std::size_t threads = std::max(1u, std::thread::hardware_concurrency()), shard_size = 64;
    bool quiet = false;
    coder_options coder;
    app.add_option("INPUT", inputs, "a folder, a list file, or image files")->required();
    app.add_option("--out", out, "the folder of the shards (created when missing)")->required()->type_name("OUT");
    bank_choice bank_source;
    bank_source.add_to(app);
    coder.add_to(app);
    app.add_option("--threads", threads,
                   "workers, each coding its own images (default all cores; same files for any N)")
        ->type_name("N")
        ->check(CLI::Range(1, 1024));
    app.add_option("--shard", shard,
                   "code only the shards whose number is I modulo N: N runs (a SLURM array,\n"
                   "mpirun, N machines sharing OUT) write together the files of one run")
        ->type_name("I/N");
    app.add_option("--shard-size", shard_size, "images per shard file (default 64)")
        ->type_name("S")
        ->check(CLI::Range(1, 1000000));
    app.add_flag("--quiet", quiet, "no progress bar");
    if (!parse(app, args)) return 0;

    coder.check();
    bank_source.check();
    dataset_plan plan{.images = {}, .out = out, .shard_size = shard_size, .threads = threads, .progress = !quiet};
    if (shard) {
        const auto parts = split(*shard, '/');
        if (parts.size() != 2) throw usage_error{"--shard: expected I/N, got '" + *shard + "'"};
        plan.parts = parse_count("--shard N", parts[1], 1, 1000000);
        plan.part = parse_count("--shard I", parts[0], 0, plan.parts - 1);
    }
    plan.images = list_dataset(inputs);
    const kernel_bank<float> bank = bank_source.build();
    // Workers over images; each image's coder on one thread (the codes are the same for any count).
    const json summary = coder.dispatch(
        [&](const auto& policy) { return run_dataset_job(plan, bank, coder.boundary(), policy, coder.preparation()); },
        1);
    print_line(summary);
    // Some bad images are a data set's lot; none coded at all is a failed run (a wrong list, a
    // folder of another format), not a result.
    const auto failed = summary["images_failed"].get<std::size_t>();
    if (failed > 0 && summary["images_coded"].get<std::size_t>() == 0) {
        const auto& first = summary["failures"][0];
        fail(errc::invalid_argument, "none of the " + std::to_string(failed) + " images of this run could be coded; " +
                                         first["path"].get<std::string>() + ": " + first["error"].get<std::string>());
    }
    return 0;
}

} // namespace hsc::cli
