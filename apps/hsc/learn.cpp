// hsc learn: online convolutional dictionary learning (docs/science.md §1.5) on a set of images, with
// a progress bar on stderr, checkpoints and resume.

#include "commands.hpp"
#include "output.hpp"
#include "progress.hpp"

#include <hsc/hsc.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace hsc::cli {

inline const char* learn_description =
    "Learns a bank by SPORCO's online CDL as docs/science.md §1.5: at step j one crop of one image,\n"
    "both drawn from (seed, j), goes through the learning pipeline (whitening, LCN, circular mask),\n"
    "is coded by CBPDN (ADMM, lambda 0.01, rho 10 fixed, alpha 1.8, <= 300 iterations, tol 1e-2), and\n"
    "the atoms take a gradient step (eta_j = 100/(1000 + j)), are cropped to N x N and scaled to unit\n"
    "l2. Starts from exactly one of --init, --init-file and --resume. Prints one JSON line at the\n"
    "end; a progress bar on standard error meanwhile.";

/// What a checkpoint records besides the bank: enough to refuse a resume that would not continue
/// the same run.
struct learn_state
{
    std::size_t steps = 0;
    std::uint64_t seed = 42;
    std::size_t crop = 64;

    void write(const std::string& path) const
    {
        std::ofstream out(path);
        out << "hsc-learn-checkpoint 1\nsteps " << steps << "\nseed " << seed << "\ncrop " << crop << "\n";
        if (!out) fail(errc::io, "cannot write " + path);
    }

    static learn_state read(const std::string& path)
    {
        std::ifstream in(path);
        if (!in) fail(errc::io, "cannot open " + path + " (the state beside a checkpoint written by hsc learn)");
        std::string magic, key;
        int version = 0;
        learn_state s;
        in >> magic >> version;
        bool ok = magic == "hsc-learn-checkpoint" && version == 1;
        for (const char* expected : {"steps", "seed", "crop"}) {
            in >> key;
            ok = ok && key == expected;
            if (key == "steps") in >> s.steps;
            if (key == "seed") in >> s.seed;
            if (key == "crop") in >> s.crop;
        }
        if (!ok || !in) fail(errc::format, path + ": not a checkpoint state of hsc learn");
        return s;
    }
};

/// The images a learning run holds: at most `capacity`, the least recently drawn one making room.
class image_cache
{
public:
    using reader = std::function<xt::xtensor<float, 2>(std::size_t)>;
    image_cache(std::size_t capacity, reader read) : m_capacity(capacity), m_read(std::move(read)) {}

    /// Image i, read if it is not held; valid until the next call.
    const xt::xtensor<float, 2>& get(std::size_t i)
    {
        ++m_clock;
        auto it = m_images.find(i);
        if (it == m_images.end()) {
            if (m_images.size() == m_capacity) {
                m_images.erase(std::min_element(m_images.begin(), m_images.end(), [](const auto& a, const auto& b) {
                    return a.second.used < b.second.used;
                }));
            }
            it = m_images.emplace(i, entry{m_read(i), 0}).first;
            ++m_reads;
        }
        it->second.used = m_clock;
        return it->second.image;
    }
    std::size_t reads() const noexcept { return m_reads; }

private:
    struct entry
    {
        xt::xtensor<float, 2> image;
        std::size_t used;
    };
    std::size_t m_capacity, m_clock = 0, m_reads = 0;
    reader m_read;
    std::map<std::size_t, entry> m_images;
};

int run_learn(const std::vector<std::string>& args)
{
    CLI::App app{learn_description, "hsc learn"};
    set_style(app);
    std::optional<std::string> kind, init_file, resume;
    std::vector<std::string> paths;
    std::string out;
    std::size_t steps = 0, threads = std::max(1u, std::thread::hardware_concurrency());
    std::optional<std::size_t> seed, crop, resize, count, size, every;
    bool quiet = false;
    std::size_t cache_size = 32;
    app.add_option("--init", kind,
                   "the starting bank: the paper's heterogeneous or homogeneous Log-Gabor bank, or\n"
                   "random: --count atoms of --size drawn from the normal law with --seed")
        ->type_name("KIND")
        ->check(CLI::IsMember({"heterogeneous", "homogeneous", "random"}));
    app.add_option("--init-file", init_file, "the starting bank from an NPY of shape (K, N, N)")->type_name("F.npy");
    app.add_option("--resume", resume,
                   "continue a run checkpointed to F (and F.state); --seed and --crop must be\n"
                   "those of that run; --steps is the total, counting the steps already taken")
        ->type_name("F.npy");
    app.add_option("--images", paths, ".pgm/.ppm/.npy images; a folder stands for its images")
        ->type_name("DIR|FILE...")
        ->required();
    app.add_option("--steps", steps, "total number of learning steps (the paper: 1000)")
        ->type_name("N")
        ->required()
        ->check(CLI::Range(1, 100000000));
    app.add_option("--out", out, "the learned bank (float32 NPY, (K, N, N)); F.state records the steps taken")
        ->type_name("F.npy")
        ->required();
    app.add_option("--seed", seed, "draws of images and crops (default 42)")->type_name("S");
    app.add_option("--crop", crop,
                   "side of the square crops learned from (default 64; every image must be at least this size)")
        ->type_name("N")
        ->check(CLI::Range(4, 16384));
    app.add_option("--resize", resize, "first bring every image to N x N (centre crop, area resampling)")
        ->type_name("N")
        ->check(CLI::Range(1, 16384));
    app.add_option("--count", count, "--init random: number of atoms (default 144)")
        ->type_name("K")
        ->check(CLI::Range(1, 100000));
    app.add_option("--size", size, "--init random: atom side (default 12)")->type_name("N")->check(CLI::Range(2, 256));
    app.add_option("--threads", threads, "threads of the coder (default all cores; same bank for any N)")
        ->type_name("N")
        ->check(CLI::Range(1, 1024));
    app.add_option("--checkpoint-every", every, "also write F and F.state every K steps (default: only at the end)")
        ->type_name("K")
        ->check(CLI::Range(1, 100000000));
    app.add_option("--cache", cache_size, "images held in memory at once (default 32; the bank does not depend on it)")
        ->type_name("N")
        ->check(CLI::Range(1, 1000000));
    app.add_flag("--quiet", quiet, "no progress bar");
    if (!parse(app, args)) return 0;
    if (kind.has_value() + init_file.has_value() + resume.has_value() != 1)
        throw usage_error{"give exactly one of --init KIND, --init-file FILE.npy and --resume FILE.npy"};
    for (const auto& [given, option] :
         {std::pair{count.has_value(), "--count"}, std::pair{size.has_value(), "--size"}}) {
        if (given && kind != "random") throw usage_error{std::string(option) + " only applies to --init random"};
    }
    learn_state state{.steps = 0, .seed = seed.value_or(42), .crop = crop.value_or(64)};

    // One pass over the files for their sizes and pixels (one image in memory at a time); the steps
    // then reload the images they draw through a cache of --cache images, so that a folder larger
    // than memory can be learned from, with the draws and the bank of an all-in-memory run.
    const auto files = io::image_files(paths);
    auto read = [&](std::size_t i) {
        auto image = io::read_gray_image<float>(files[i]);
        if (resize) image = centre_crop_resize(image, *resize, *resize);
        return image;
    };
    std::vector<std::array<std::size_t, 2>> sizes;
    for (std::size_t i = 0; i < files.size(); ++i) {
        const auto image = read(i);
        if (!std::all_of(image.begin(), image.end(), [](float v) { return std::isfinite(v); }))
            fail(errc::invalid_argument, files[i] + " has a NaN or infinite pixel");
        sizes.push_back({image.shape()[0], image.shape()[1]});
    }
    image_cache cache(cache_size, read);

    kernel_bank<float> initial = [&] {
        if (resume) {
            const learn_state saved = learn_state::read(*resume + ".state");
            if (seed && saved.seed != state.seed)
                throw usage_error{"--seed " + std::to_string(state.seed) + " differs from the checkpoint's " +
                                  std::to_string(saved.seed)};
            if (crop && saved.crop != state.crop)
                throw usage_error{"--crop " + std::to_string(state.crop) + " differs from the checkpoint's " +
                                  std::to_string(saved.crop)};
            state = saved;
            return kernel_bank<float>(io::read_npy<float, 3>(*resume));
        }
        if (init_file) return kernel_bank<float>(io::read_npy<float, 3>(*init_file));
        if (kind == "heterogeneous") return heterogeneous_log_gabor().build<float>();
        if (kind == "homogeneous") return homogeneous_log_gabor().build<float>();
        return random_normal_bank{.count = count.value_or(144), .size = size.value_or(12), .seed = state.seed}
            .build<float>();
    }();
    if (initial.atom_size() > state.crop)
        throw usage_error{"--crop " + std::to_string(state.crop) + " is smaller than the atoms (" +
                          std::to_string(initial.atom_size()) + ")"};
    // The cheap checks, before the learner allocates its buffers and the first step runs.
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        if (sizes[i][0] < state.crop || sizes[i][1] < state.crop) {
            throw usage_error{files[i] + " is " + std::to_string(sizes[i][0]) + "x" + std::to_string(sizes[i][1]) +
                              ", smaller than the " + std::to_string(state.crop) + "x" + std::to_string(state.crop) +
                              " crops (--crop) learned from"};
        }
    }
    require_writable(out);
    require_writable(out + ".state");

    online_learning_options options{.first_step = state.steps};
    options.coding.problem.threads = threads;
    online_dictionary_learner<float> learner(initial, state.crop, state.crop, options);
    auto checkpoint = [&] {
        io::write_npy(out, learner.bank().atoms());
        learn_state{.steps = learner.steps(), .seed = state.seed, .crop = state.crop}.write(out + ".state");
    };
    progress_bar bar(!quiet, "learn", "step");
    double objective_sum = 0;
    std::size_t objective_count = 0;
    const std::size_t first = state.steps;
    const auto start = std::chrono::steady_clock::now();
    auto load = [&](std::size_t i) -> const xt::xtensor<float, 2>& { return cache.get(i); };
    learn_from_loader(learner, sizes, load, {.steps = steps, .seed = state.seed}, [&](const learning_progress& p) {
        char objective[48];
        std::snprintf(objective, sizeof objective, "objective %.4g", p.report.objective);
        bar.update(p.step, first, p.total, objective);
        if (p.total - p.step < 10) { // the mean objective of the last ten steps, as the summary
            objective_sum += p.report.objective;
            ++objective_count;
        }
        if (every && p.step % *every == 0 && p.step != p.total) checkpoint();
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    checkpoint();
    print_line(
        json{{"images", files.size()},
             {"atoms", learner.bank().size()},
             {"size", learner.bank().atom_size()},
             {"crop", state.crop},
             {"seed", state.seed},
             {"first_step", first},
             {"steps", learner.steps()},
             {"seconds", rounded(seconds, 3)},
             {"images_read", cache.reads()},
             {"last_objective_mean", objective_count ? objective_sum / static_cast<double>(objective_count) : 0.0},
             {"out", out}});
    return 0;
}

} // namespace hsc::cli
