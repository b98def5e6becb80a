// hsc learn: online convolutional dictionary learning (docs/science.md §1.5) on a set of images, with
// a progress bar on stderr, checkpoints and resume.

#include "commands.hpp"

#include <hsc/hsc.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace hsc::cli {

inline const char* learn_usage =
    "usage: hsc learn (--init heterogeneous|homogeneous|random | --init-file FILE.npy | --resume FILE.npy)\n"
    "                 --images DIR|FILE [FILE...] --steps N --out FILE.npy\n"
    "                 [--seed S] [--crop N] [--resize N] [--count K] [--size N] [--threads N]\n"
    "                 [--checkpoint-every K] [--quiet]\n"
    "\n"
    "Learns a bank by SPORCO's online CDL as docs/science.md §1.5: at step j one crop of one image, both\n"
    "drawn from (seed, j), goes through the learning pipeline (whitening, LCN, circular mask), is coded\n"
    "by CBPDN (ADMM, lambda 0.01, rho 10 fixed, alpha 1.8, <= 300 iterations, tol 1e-2), and the\n"
    "atoms take a gradient step (eta_j = 100/(1000 + j)), are cropped to N x N and scaled to unit l2.\n"
    "Prints one JSON line at the end; a progress bar on stderr meanwhile.\n"
    "  --init KIND          the starting bank: the paper's heterogeneous or homogeneous Log-Gabor bank,\n"
    "                       or random: --count K (default 144) atoms of --size N (default 12) drawn\n"
    "                       from the normal law with --seed\n"
    "  --init-file F        the starting bank from an NPY of shape (K, N, N)\n"
    "  --resume F           continue a run checkpointed to F (and F.state); --seed and --crop must be\n"
    "                       those of that run; --steps is the total, counting the steps already taken\n"
    "  --images DIR|FILE    .pgm/.ppm/.npy images; a folder stands for its images; more FILEs may\n"
    "                       follow as arguments\n"
    "  --steps N            total number of learning steps (the paper: 1000)\n"
    "  --out F              the learned bank (float32 NPY, (K, N, N)); F.state records the steps taken\n"
    "  --seed S             draws of images and crops (default 42)\n"
    "  --crop N             side of the square crops learned from (default 64; every image must be\n"
    "                       at least this size)\n"
    "  --resize N           first bring every image to N x N (centre crop, area resampling)\n"
    "  --threads N          threads of the coder (default all cores; same bank for any N)\n"
    "  --checkpoint-every K also write F and F.state every K steps (default: only at the end)\n"
    "  --quiet              no progress bar\n";

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

/// A one-line progress bar redrawn in place on a terminal; on a pipe or a log, a line every tenth.
class progress_bar
{
public:
    explicit progress_bar(bool enabled) : m_enabled(enabled), m_tty(isatty(fileno(stderr)) != 0) {}

    void update(std::size_t step, std::size_t first, std::size_t total, double objective)
    {
        if (!m_enabled) return;
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
        const double per_step = elapsed / static_cast<double>(step - first);
        const double eta = per_step * static_cast<double>(total - step);
        const std::size_t width = 30, filled = width * step / total;
        if (m_tty) {
            std::fprintf(stderr, "\rlearn [%s%s] %zu/%zu  objective %.4g  %.2f s/step  eta %.0f s ",
                         std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(), step, total,
                         objective, per_step, eta);
            if (step == total) std::fputc('\n', stderr);
        } else if (step == total || (step - first) % std::max<std::size_t>(1, (total - first) / 10) == 0) {
            std::fprintf(stderr, "learn: step %zu/%zu  objective %.4g  %.2f s/step  eta %.0f s\n", step, total,
                         objective, per_step, eta);
        }
        std::fflush(stderr);
    }

private:
    bool m_enabled, m_tty;
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
};

int run_learn(const std::vector<std::string>& args)
{
    const arguments a(args,
                      {"--init", "--init-file", "--resume", "--images", "--steps", "--out", "--seed", "--crop",
                       "--resize", "--count", "--size", "--threads", "--checkpoint-every"},
                      {"--help", "--quiet"});
    if (a.flag("--help")) {
        std::fputs(learn_usage, stdout);
        return 0;
    }
    const int starts =
        a.text("--init").has_value() + a.text("--init-file").has_value() + a.text("--resume").has_value();
    if (starts != 1) throw usage_error{"give exactly one of --init KIND, --init-file FILE.npy and --resume FILE.npy"};
    const std::string kind = a.text("--init").value_or("");
    if (a.text("--init") && kind != "heterogeneous" && kind != "homogeneous" && kind != "random") {
        throw usage_error{"--init must be heterogeneous, homogeneous or random, got '" + kind + "'"};
    }
    for (const char* option : {"--count", "--size"}) {
        if (a.text(option) && kind != "random")
            throw usage_error{std::string(option) + " only applies to --init random"};
    }
    const std::string out = a.required("--out");
    const std::size_t steps = a.count("--steps", 0, 1, 100000000);
    if (!a.text("--steps")) throw usage_error{"missing required option --steps"};
    learn_state state{.steps = 0,
                      .seed = a.count("--seed", 42, 0, std::numeric_limits<std::size_t>::max()),
                      .crop = a.count("--crop", 64, 4, 16384)};
    const std::size_t every = a.count("--checkpoint-every", 0, 1, 100000000);
    const std::size_t threads = a.count("--threads", std::max(1u, std::thread::hardware_concurrency()), 1, 1024);

    std::vector<std::string> paths = a.positional();
    paths.insert(paths.begin(), a.required("--images"));
    std::vector<xt::xtensor<float, 2>> images;
    const auto files = io::image_files(paths);
    for (const auto& file : files) {
        auto image = io::read_gray_image<float>(file);
        if (a.text("--resize")) {
            const std::size_t side = a.count("--resize", 256, 1, 16384);
            image = centre_crop_resize(image, side, side);
        }
        images.push_back(std::move(image));
    }

    kernel_bank<float> initial = [&] {
        if (const auto path = a.text("--resume")) {
            const learn_state saved = learn_state::read(*path + ".state");
            if (a.text("--seed") && saved.seed != state.seed)
                throw usage_error{"--seed " + std::to_string(state.seed) + " differs from the checkpoint's " +
                                  std::to_string(saved.seed)};
            if (a.text("--crop") && saved.crop != state.crop)
                throw usage_error{"--crop " + std::to_string(state.crop) + " differs from the checkpoint's " +
                                  std::to_string(saved.crop)};
            state = saved;
            return kernel_bank<float>(io::read_npy<float, 3>(*path));
        }
        if (const auto path = a.text("--init-file")) return kernel_bank<float>(io::read_npy<float, 3>(*path));
        if (kind == "heterogeneous") return heterogeneous_log_gabor().build<float>();
        if (kind == "homogeneous") return homogeneous_log_gabor().build<float>();
        return random_normal_bank{
            .count = a.count("--count", 144, 1, 100000), .size = a.count("--size", 12, 2, 256), .seed = state.seed}
            .build<float>();
    }();
    if (initial.atom_size() > state.crop)
        throw usage_error{"--crop " + std::to_string(state.crop) + " is smaller than the atoms (" +
                          std::to_string(initial.atom_size()) + ")"};

    online_learning_options options{.first_step = state.steps};
    options.coding.problem.threads = threads;
    online_dictionary_learner<float> learner(initial, state.crop, state.crop, options);
    auto checkpoint = [&] {
        io::write_npy(out, learner.bank().atoms());
        learn_state{.steps = learner.steps(), .seed = state.seed, .crop = state.crop}.write(out + ".state");
    };
    progress_bar bar(!a.flag("--quiet"));
    double objective_sum = 0;
    std::size_t objective_count = 0;
    const std::size_t first = state.steps;
    const auto start = std::chrono::steady_clock::now();
    learn_from_images(learner, images, {.steps = steps, .seed = state.seed}, [&](const learning_progress& p) {
        bar.update(p.step, first, p.total, p.report.objective);
        if (p.total - p.step < 10) { // the mean objective of the last ten steps, as the summary
            objective_sum += p.report.objective;
            ++objective_count;
        }
        if (every && p.step % every == 0 && p.step != p.total) checkpoint();
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    checkpoint();
    print_line(
        json{{"images", images.size()},
             {"atoms", learner.bank().size()},
             {"size", learner.bank().atom_size()},
             {"crop", state.crop},
             {"seed", state.seed},
             {"first_step", first},
             {"steps", learner.steps()},
             {"seconds", rounded(seconds, 3)},
             {"last_objective_mean", objective_count ? objective_sum / static_cast<double>(objective_count) : 0.0},
             {"out", out}});
    return 0;
}

} // namespace hsc::cli
