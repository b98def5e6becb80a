// hsc-reservoir (also run as `hsc reservoir`): rate or LIF reservoirs with heterogeneous time
// constants (docs/science.md §3) under a fair protocol — every condition swept over mean τ, seeds
// paired with the homogeneous network, best against best and matched mean, 95% confidence
// intervals. JSON lines per condition and mean τ, then one summary line per condition; with --out
// DIR tables, figures and heatmaps; with --page a results page's section.
#include "reservoir_study.hpp"

#include "../common/heatmap.hpp"
#include "../common/results_page.hpp"
#include "../common/svg_plot.hpp"
#include "../common/table.hpp"
#include "../common/text_file.hpp"

#include <command_line.hpp>
#include <json.hpp>
#include <output.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hsc::cli {

inline const char* reservoir_description =
    "Networks whose neurons differ only in their time constants tau_i: homogeneous, or drawn from each\n"
    "law at each CV, at every mean tau of --tau-means, over --seeds seeds (each seed draws its own tau,\n"
    "weights and input; the homogeneous network of the same seed is its paired baseline). Sparse\n"
    "E/I-balanced recurrent weights under Dale's law, per-neuron biases, ridge readouts (regularisation\n"
    "chosen on validation steps) scored by test R^2 on the tasks y = u(t + D)^d of the grid, memory\n"
    "capacity, NARMA-10 and Mackey-Glass. One JSON line per condition and mean tau (mean_r2 with its\n"
    "95% CI, spectral_radius of J*W, clamped_fraction of tau raised to dt, vs_homogeneous: the paired\n"
    "difference at the same mean tau), then one summary line per condition at its best mean tau (chosen\n"
    "on validation R^2): vs_homogeneous_best compares best against best, tasks_won/tasks_lost count\n"
    "the grid tasks whose paired difference has a 95% CI above/below zero.";

namespace {

    /// The distinguishing name of a condition: its law and CV, and the values of the swept options.
    std::string label(const studies::reservoir_study& study, const studies::reservoir_condition& c)
    {
        std::string text = c.homogeneous() ? "homogeneous" : studies::format("%s cv %g", c.distribution.c_str(), c.cv);
        if (study.recurrent.size() > 1 || !c.recurrent) text += c.recurrent ? " rec" : " no-rec";
        if (study.gains.size() > 1) text += studies::format(" J %g", c.gain);
        if (study.densities.size() > 1) text += studies::format(" density %g", c.density);
        if (study.excitatory_means.size() > 1) text += studies::format(" mu_e %g", c.excitatory_mean);
        if (study.train_lengths.size() > 1) text += studies::format(" train %zu", c.train);
        return text;
    }

    /// "mean ± ci" with `digits` decimals, the mean signed when `signed_mean` (a difference).
    std::string with_ci(const studies::estimate& e, int digits = 3, bool signed_mean = false)
    {
        std::string text = studies::format(signed_mean ? "%+.*f" : "%.*f", digits, e.mean);
        if (std::isfinite(e.ci95)) text += studies::format(" ± %.*f", digits, e.ci95);
        return text;
    }

    json estimate_json(const studies::estimate& e, int digits)
    {
        json out;
        set_number(out, "mean", rounded(e.mean, digits), "no value");
        set_number(out, "ci95", rounded(e.ci95, digits), "one seed: no interval");
        return out;
    }

    json condition_json(const studies::reservoir_study& study, const studies::reservoir_condition& c)
    {
        return json{{"model", reservoir::to_string(study.model)},
                    {"n", c.n},
                    {"distribution", c.distribution},
                    {"tau_cv", rounded(c.cv, 3)},
                    {"recurrent", c.recurrent},
                    {"bias", study.bias},
                    {"gain", c.gain},
                    {"density", c.density},
                    {"excitatory_mean", c.excitatory_mean},
                    {"train", c.train},
                    {"input", reservoir::to_string(study.input)}};
    }

    /// The per-seed values of the grid's task t.
    std::vector<double> task_values(const studies::condition_run& run, std::size_t t)
    {
        return run.collect([t](const studies::seed_outcome& o) { return o.task_test[t]; });
    }

    void add_run_fields(json& line, const studies::condition_run& run)
    {
        const auto r2 = studies::mean_ci(run.tests());
        set_number(line, "mean_r2", rounded(r2.mean, 5), "no value");
        set_number(line, "ci95", rounded(r2.ci95, 5), "one seed: no interval");
        line["validation_r2"] = rounded(run.validation(), 5);
        line["memory_capacity"] =
            estimate_json(studies::mean_ci(run.collect([](const auto& o) { return o.memory_capacity(); })), 3);
        line["narma10_nrmse"] =
            estimate_json(studies::mean_ci(run.collect([](const auto& o) { return o.narma10; })), 4);
        line["mackey_glass_nrmse"] =
            estimate_json(studies::mean_ci(run.collect([](const auto& o) { return o.mackey_glass; })), 5);
        line["spectral_radius"] =
            rounded(studies::mean_ci(run.collect([](const auto& o) { return o.spectral_radius; })).mean, 4);
        line["clamped_fraction"] =
            rounded(studies::mean_ci(run.collect([](const auto& o) { return o.clamped_fraction; })).mean, 4);
    }

    struct best_comparison
    {
        const studies::condition_run* best = nullptr;
        const studies::condition_run* baseline = nullptr; ///< the homogeneous network at its own best τ
        studies::estimate difference{};                   ///< paired, best against best
        std::size_t won = 0, lost = 0, tasks = 0;
        double mean_over_tau = 0; ///< test R² averaged over the τ grid: robustness to the choice of τ
    };

    best_comparison compare_best(const studies::reservoir_study& study, const std::vector<studies::condition_run>& runs,
                                 const studies::reservoir_condition& c)
    {
        best_comparison out;
        out.best = &studies::best_run(runs, c);
        out.baseline = &studies::best_run(runs, c.baseline());
        out.difference = studies::paired_difference(out.best->tests(), out.baseline->tests());
        out.tasks = out.best->seeds.front().task_test.size();
        for (std::size_t t = 0; t < out.tasks && !c.homogeneous(); ++t) {
            const auto d = studies::paired_difference(task_values(*out.best, t), task_values(*out.baseline, t));
            out.won += d.mean - d.ci95 > 0, out.lost += d.mean + d.ci95 < 0;
        }
        for (const double tau : study.tau_means)
            out.mean_over_tau += studies::mean_ci(studies::run_at(runs, c, tau).tests()).mean /
                                 static_cast<double>(study.tau_means.size());
        return out;
    }

    const std::map<std::string, std::string> law_colours = {{"homogeneous", "black"},
                                                            {"lognormal", "#d62728"},
                                                            {"gamma", "#ff7f0e"},
                                                            {"normal", "#1f77b4"},
                                                            {"uniform", "#2ca02c"}};

    /// A figure's line for a condition: its label, its law's colour, dashed without recurrence.
    studies::series condition_series(const studies::reservoir_study& study, const studies::reservoir_condition& c)
    {
        return {.label = label(study, c),
                .colour = law_colours.count(c.distribution) ? law_colours.at(c.distribution) : std::string("#9467bd"),
                .dashed = !c.recurrent,
                .x = {},
                .y = {},
                .y_sd = {}};
    }

    /// A point with its 95% CI as the error bar (none from one seed).
    void add_point(studies::series& line, double x, const studies::estimate& e)
    {
        line.x.push_back(x);
        line.y.push_back(e.mean);
        line.y_sd.push_back(std::isfinite(e.ci95) ? e.ci95 : 0.0);
    }

    /// The conditions of size n: one per row of the per-condition tables.
    std::vector<studies::reservoir_condition> rows_at(const std::vector<studies::reservoir_condition>& all,
                                                      std::size_t n)
    {
        std::vector<studies::reservoir_condition> out;
        for (const auto& c : all)
            if (c.n == n) out.push_back(c);
        return out;
    }

    struct report
    {
        std::vector<studies::table> tables;
        studies::plot by_size, by_tau, memory;
        std::vector<std::pair<std::string, studies::heatmap>> heatmaps; ///< file suffix, figure
    };

    report make_report(const studies::reservoir_study& study, const std::vector<studies::condition_run>& runs)
    {
        report out;
        const auto all = study.conditions();
        const std::size_t largest = *std::max_element(study.sizes.begin(), study.sizes.end());
        const auto rows = rows_at(all, largest);
        const std::size_t seeds = study.seeds;
        const std::string grid = studies::format("d %u..%u, D %d..%d, %s input", study.min_power, study.max_power,
                                                 study.min_shift, study.max_shift, reservoir::to_string(study.input));

        studies::table best{.caption = studies::format("Best against best: mean test R² over the grid (%s) ± 95%% CI "
                                                       "over %zu seeds, at each condition's best mean τ (chosen on "
                                                       "validation steps; in parentheses)",
                                                       grid.c_str(), seeds),
                            .header = {"condition \\ n"},
                            .rows = {},
                            .notes = {}};
        studies::table gain{.caption =
                                studies::format("Heterogeneous minus homogeneous, each at its best mean τ: paired "
                                                "difference ± 95%% CI; tasks of the grid won / lost (paired CI "
                                                "above / below 0); R² averaged over the τ grid (robustness)"),
                            .header = {"condition \\ n"},
                            .rows = {},
                            .notes = {}};
        for (const std::size_t n : study.sizes) {
            best.header.push_back(std::to_string(n));
            gain.header.push_back(std::to_string(n));
        }
        for (const auto& row : rows) {
            std::vector<std::string> best_cells{label(study, row)}, gain_cells{label(study, row)};
            auto line = condition_series(study, row);
            for (const std::size_t n : study.sizes) {
                auto c = row;
                c.n = n;
                const auto cmp = compare_best(study, runs, c);
                const auto r2 = studies::mean_ci(cmp.best->tests());
                best_cells.push_back(with_ci(r2) + studies::format(" (τ %g)", cmp.best->tau_mean));
                gain_cells.push_back(c.homogeneous() ? studies::format("— (over τ: %.3f)", cmp.mean_over_tau)
                                                     : with_ci(cmp.difference, 3, true) +
                                                           studies::format(" (%zu/%zu; over τ: %.3f)", cmp.won,
                                                                           cmp.lost, cmp.mean_over_tau));
                add_point(line, double(n), r2);
            }
            best.rows.push_back(best_cells);
            gain.rows.push_back(gain_cells);
            out.by_size.lines.push_back(line);
        }
        gain.notes = studies::format("Grid: %zu tasks.", study.grid().size());

        studies::table matched{
            .caption = studies::format("Matched mean, n = %zu: test R² ± 95%% CI at each mean τ; for heterogeneous "
                                       "conditions the paired difference to the homogeneous network of the same τ "
                                       "[± CI]; clamped fraction of τ where above 0",
                                       largest),
            .header = {"condition \\ mean τ"},
            .rows = {},
            .notes = {}};
        for (const double tau : study.tau_means) matched.header.push_back(studies::format("%g", tau));
        for (const auto& row : rows) {
            std::vector<std::string> cells{label(study, row)};
            auto line = condition_series(study, row);
            for (const double tau : study.tau_means) {
                const auto& run = studies::run_at(runs, row, tau);
                const auto r2 = studies::mean_ci(run.tests());
                std::string cell = with_ci(r2);
                if (!row.homogeneous()) {
                    const auto& base = studies::run_at(runs, row.baseline(), tau);
                    cell += " [" + with_ci(studies::paired_difference(run.tests(), base.tests()), 3, true) + "]";
                    const double clamped =
                        studies::mean_ci(run.collect([](const auto& o) { return o.clamped_fraction; })).mean;
                    if (clamped > 0) cell += studies::format(" clamped %.0f%%", 100 * clamped);
                }
                cells.push_back(cell);
                add_point(line, tau, r2);
            }
            matched.rows.push_back(cells);
            out.by_tau.lines.push_back(line);
        }

        // The standard tasks when they ran; the memory capacity always.
        const bool standard_tasks = study.standard_tasks && study.channels == 1;
        studies::table standard{
            .caption = studies::format(
                "n = %zu, each condition at its best mean τ for each measure (chosen on "
                "validation steps; in parentheses): memory capacity Σ_k m(k) (k = 1..30; at "
                "the grid's best τ)%s, ρ(J·W), ± 95%% CI",
                largest, standard_tasks ? ", NARMA-10 and Mackey-Glass one-step NRMSE (lower is better)" : ""),
            .header = {"condition", "memory capacity"},
            .rows = {},
            .notes = {}};
        if (standard_tasks) standard.header.insert(standard.header.end(), {"NARMA-10 NRMSE", "Mackey-Glass NRMSE"});
        standard.header.push_back("ρ(J·W)");
        for (const auto& row : rows) {
            const auto& grid_best = studies::best_run(runs, row);
            std::vector<std::string> cells{
                label(study, row),
                with_ci(studies::mean_ci(grid_best.collect([](const auto& o) { return o.memory_capacity(); })), 2) +
                    studies::format(" (τ %g)", grid_best.tau_mean)};
            if (standard_tasks) {
                const auto& narma = studies::best_run(runs, row, &studies::seed_outcome::narma10_validation);
                const auto& glass = studies::best_run(runs, row, &studies::seed_outcome::mackey_glass_validation);
                cells.push_back(with_ci(studies::mean_ci(narma.collect([](const auto& o) { return o.narma10; })), 3) +
                                studies::format(" (τ %g)", narma.tau_mean));
                cells.push_back(
                    with_ci(studies::mean_ci(glass.collect([](const auto& o) { return o.mackey_glass; })), 5) +
                    studies::format(" (τ %g)", glass.tau_mean));
            }
            cells.push_back(studies::format(
                "%.2f", studies::mean_ci(grid_best.collect([](const auto& o) { return o.spectral_radius; })).mean));
            standard.rows.push_back(cells);
        }
        out.tables = {best, gain, matched, standard};

        for (const auto& row : rows) { // m(k) at the grid's best τ, largest size
            const auto& run = studies::best_run(runs, row);
            auto line = condition_series(study, row);
            for (std::size_t k = 0; k < studies::memory_depth; ++k) {
                add_point(line, double(k + 1),
                          studies::mean_ci(run.collect([k](const auto& o) { return o.memory[k]; })));
            }
            out.memory.lines.push_back(line);
        }
        out.memory.title = studies::format("Memory curve m(k), n = %zu, best mean τ (± 95%% CI)", largest);
        out.memory.x_label = "delay k (steps)";
        out.memory.y_label = "m(k) = R² of u(t − k)";

        out.by_size.title = "Reservoirs at their best mean τ (± 95% CI)";
        out.by_size.x_label = "neurons n";
        out.by_size.y_label = "mean test R² over the grid";
        out.by_size.log_x = true;
        out.by_tau.title = studies::format("Reservoirs of n = %zu against the mean τ (± 95%% CI)", largest);
        out.by_tau.x_label = "mean τ (steps)";
        out.by_tau.y_label = "mean test R² over the grid";
        out.by_tau.log_x = true;

        // Heatmaps over (d, Δ) at the largest size, best τ: homogeneous, the first heterogeneous
        // condition, and their paired difference.
        const auto tasks = study.grid();
        const auto first = std::find_if(rows.begin(), rows.end(), [](const auto& c) { return !c.homogeneous(); });
        auto grid_map = [&](const std::string& title, bool diverging) {
            studies::heatmap h{.title = title,
                               .x_label = "shift Δ (steps; < 0 recall, > 0 prediction)",
                               .y_label = "power d",
                               .columns = {},
                               .rows = {},
                               .values = {},
                               .low = diverging ? -0.1 : 0.0,
                               .high = diverging ? 0.1 : 1.0,
                               .diverging = diverging};
            for (int s = study.min_shift; s <= study.max_shift; ++s) h.columns.push_back(std::to_string(s));
            for (unsigned d = study.min_power; d <= study.max_power; ++d) {
                h.rows.push_back(std::to_string(d));
                h.values.emplace_back(h.columns.size(), NAN);
            }
            return h;
        };
        const auto& homogeneous = studies::best_run(runs, rows.front().baseline());
        auto fill = [&](studies::heatmap& h, auto&& value) {
            for (std::size_t t = 0; t < tasks.size(); ++t)
                h.values[tasks[t].power - study.min_power][static_cast<std::size_t>(tasks[t].shift - study.min_shift)] =
                    value(t);
        };
        auto homogeneous_map =
            grid_map(studies::format("homogeneous, n = %zu, τ %g: test R²", largest, homogeneous.tau_mean), false);
        fill(homogeneous_map, [&](std::size_t t) { return studies::mean_ci(task_values(homogeneous, t)).mean; });
        out.heatmaps.emplace_back("heatmap_homogeneous", homogeneous_map);
        if (first != rows.end()) {
            const auto& het = studies::best_run(runs, *first);
            auto het_map = grid_map(
                studies::format("%s, n = %zu, τ %g: test R²", label(study, *first).c_str(), largest, het.tau_mean),
                false);
            fill(het_map, [&](std::size_t t) { return studies::mean_ci(task_values(het, t)).mean; });
            auto diff_map = grid_map(
                studies::format("%s minus homogeneous (best τ each), n = %zu", label(study, *first).c_str(), largest),
                true);
            fill(diff_map, [&](std::size_t t) {
                return studies::paired_difference(task_values(het, t), task_values(homogeneous, t)).mean;
            });
            double bound = 0.01;
            for (const auto& r : diff_map.values)
                for (const double v : r)
                    if (std::isfinite(v)) bound = std::max(bound, std::abs(v));
            diff_map.low = -bound, diff_map.high = bound;
            out.heatmaps.emplace_back("heatmap_heterogeneous", het_map);
            out.heatmaps.emplace_back("heatmap_difference", diff_map);
        }
        return out;
    }

    /// "on"/"off" as a bool.
    bool switch_value(const std::string& v)
    {
        return v == "on";
    }

} // namespace

inline int run_reservoir(const std::vector<std::string>& args)
{
    CLI::App app{reservoir_description, "hsc reservoir"};
    set_style(app);
    studies::reservoir_study study;
    study.threads = std::max(1u, std::thread::hardware_concurrency());
    std::string model = "rate", method = "euler", recurrent = "yes", bias = "on", dale = "on", input = "white",
                tau_draw = "random", standard = "on", name = "reservoir";
    double bias_sd = 1;
    std::optional<std::string> out, page;
    add_choice(app, "--model", model, "rate or lif neurons", {"rate", "lif"});
    add_choice(app, "--integrator", method, "the integration of the neuron equations", {"euler", "rk4"});
    add_list(app, "--sizes", study.sizes, "network sizes n", CLI::Range(2, 2000));
    add_list(app, "--distributions", study.distributions,
             "laws of the time constants (the homogeneous network always runs)",
             CLI::IsMember({"lognormal", "gamma", "normal", "uniform"}));
    add_list(app, "--cv", study.cvs, "coefficients of variation of the time constants (> 0)", above(0));
    add_list(app, "--tau-means", study.tau_means, "mean time constants swept, in steps of dt (>= 1)", at_least(1));
    add_choice(app, "--tau-draw", tau_draw,
               "tau drawn at random per seed, or the law's quantiles (the same every seed)", {"random", "quantiles"});
    add_choice(app, "--recurrent", recurrent, "with recurrent weights, without, or both", {"both", "yes", "no"});
    add_choice(app, "--bias", bias, "per-neuron biases b_i ~ N(0, bias-sd^2)", {"on", "off"});
    app.add_option("--bias-sd", bias_sd, "sd of the biases when on")->check(above(0))->capture_default_str();
    add_choice(app, "--dale", dale, "every weight has its presynaptic neuron's sign (truncated normals)",
               {"on", "off"});
    add_list(app, "--gains", study.gains, "recurrent gains J swept", at_least(0));
    app.add_option("--spectral-radius", study.spectral_radius, "set rho(J*W) to this value instead (0: J decides)")
        ->check(at_least(0))
        ->capture_default_str();
    add_list(app, "--densities", study.densities, "connection densities swept", CLI::Range(0.0, 1.0));
    add_list(app, "--excitatory-means", study.excitatory_means, "excitatory weight means mu_e swept", at_least(0));
    add_list(app, "--train-steps", study.train_lengths, "training lengths swept (steps; more than the largest n)",
             CLI::Range(3, 100000));
    app.add_option("--refractory", study.refractory, "LIF: steps at rest after a spike")
        ->check(CLI::Range(0, 100))
        ->capture_default_str();
    app.add_option("--min-power", study.min_power, "the grid's powers d from")
        ->check(CLI::Range(1, 9))
        ->capture_default_str();
    app.add_option("--max-power", study.max_power, "the grid's powers d up to")
        ->check(CLI::Range(1, 9))
        ->capture_default_str();
    app.add_option("--min-shift", study.min_shift, "the grid's shifts D from (< 0: recall)")
        ->check(CLI::Range(-100, 50))
        ->capture_default_str();
    app.add_option("--max-shift", study.max_shift, "the grid's shifts D up to (> 0: prediction)")
        ->check(CLI::Range(-100, 50))
        ->capture_default_str();
    add_choice(app, "--input", input, "i.i.d. white noise, or low-pass filtered noise (AR(1))", {"white", "lowpass"});
    app.add_option("--correlation", study.correlation_steps, "lowpass: correlation time in steps")
        ->check(above(0))
        ->capture_default_str();
    app.add_option("--channels", study.channels, "independent input channels (the tasks read the first)")
        ->check(CLI::Range(1, 16))
        ->capture_default_str();
    add_choice(app, "--standard-tasks", standard, "also NARMA-10 and Mackey-Glass for every network", {"on", "off"});
    app.add_option("--seeds", study.seeds, "seeds per condition (paired across conditions)")
        ->type_name("K")
        ->check(CLI::Range(1, 100))
        ->capture_default_str();
    app.add_option("--seed", study.seed, "the first seed")->type_name("S")->capture_default_str();
    app.add_option("--threads", study.threads, "networks scored side by side (results do not depend on it)")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
    app.add_option("--out", out, "also write NAME_tables.txt and NAME_*.svg there")->type_name("DIR");
    app.add_option("--page", page, "also update section NAME of this results page (docs/results/...)")
        ->type_name("FILE.md");
    app.add_option("--name", name, "this run's name: its section on the page and its files' prefix")
        ->check(CLI::Validator(
            [](std::string& v) {
                return !v.empty() && v.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos
                           ? std::string()
                           : "must be lower-case letters, digits, - or _";
            },
            "NAME"))
        ->capture_default_str();
    if (!parse(app, args)) return 0;
    if (study.min_power > study.max_power || study.min_shift > study.max_shift)
        throw usage_error{"the task grid is empty: --min-power must be <= --max-power and --min-shift <= --max-shift"};
    const std::size_t largest = *std::max_element(study.sizes.begin(), study.sizes.end());
    for (const std::size_t train : study.train_lengths)
        if (train <= largest)
            throw usage_error{"--train-steps: " + std::to_string(train) + " steps cannot fit a readout of " +
                              std::to_string(largest + 1) + " weights (n = " + std::to_string(largest) +
                              " and a bias)"};
    study.model = model == "rate" ? reservoir::neuron_model::rate : reservoir::neuron_model::lif;
    study.method = method == "euler" ? reservoir::integrator::euler : reservoir::integrator::rk4;
    study.recurrent = recurrent == "both" ? std::vector<bool>{true, false} : std::vector<bool>{recurrent == "yes"};
    study.bias = switch_value(bias) ? bias_sd : 0;
    study.dale = switch_value(dale);
    study.standard_tasks = switch_value(standard);
    study.input = input == "white" ? reservoir::input_kind::white : reservoir::input_kind::lowpass;
    study.tau_draw = tau_draw == "random" ? distribution::sampling::random : distribution::sampling::quantiles;
    const std::size_t networks = study.conditions().size() * study.tau_means.size() * study.seeds;
    if (networks > 200000)
        throw usage_error{"these lists ask for " + std::to_string(networks) + " networks (at most 200000 per run)"};
    if (out) prepare_output_folder(*out);
    if (page) require_writable(*page);
    const auto start = std::chrono::steady_clock::now();
    const auto runs = studies::run_reservoir_study(study);
    for (const auto& run : runs) {
        json line = condition_json(study, run.condition);
        line["tau_mean"] = run.tau_mean;
        line["seeds"] = study.seeds;
        add_run_fields(line, run);
        if (!run.condition.homogeneous()) {
            const auto& base = studies::run_at(runs, run.condition.baseline(), run.tau_mean);
            line["vs_homogeneous"] = estimate_json(studies::paired_difference(run.tests(), base.tests()), 5);
        }
        print_line(line);
    }
    for (const auto& c : study.conditions()) {
        const auto cmp = compare_best(study, runs, c);
        json line{{"summary", "best_tau"}};
        line.update(condition_json(study, c));
        line["best_tau_mean"] = cmp.best->tau_mean;
        add_run_fields(line, *cmp.best);
        line["mean_r2_over_tau_means"] = rounded(cmp.mean_over_tau, 5);
        json curve = json::array(); // m(k), k = 1..30, mean over seeds
        for (std::size_t k = 0; k < studies::memory_depth; ++k)
            curve.push_back(
                rounded(studies::mean_ci(cmp.best->collect([k](const auto& o) { return o.memory[k]; })).mean, 4));
        line["memory_curve"] = curve;
        if (study.standard_tasks && study.channels == 1) { // each standard task at its own best τ
            const auto& narma = studies::best_run(runs, c, &studies::seed_outcome::narma10_validation);
            const auto& glass = studies::best_run(runs, c, &studies::seed_outcome::mackey_glass_validation);
            line["narma10_best"] =
                estimate_json(studies::mean_ci(narma.collect([](const auto& o) { return o.narma10; })), 4);
            line["narma10_best"]["tau_mean"] = narma.tau_mean;
            line["mackey_glass_best"] =
                estimate_json(studies::mean_ci(glass.collect([](const auto& o) { return o.mackey_glass; })), 5);
            line["mackey_glass_best"]["tau_mean"] = glass.tau_mean;
        }
        if (!c.homogeneous()) {
            line["homogeneous_best_tau_mean"] = cmp.baseline->tau_mean;
            line["vs_homogeneous_best"] = estimate_json(cmp.difference, 5);
            line["tasks_won"] = cmp.won;
            line["tasks_lost"] = cmp.lost;
            line["tasks"] = cmp.tasks;
        }
        print_line(line);
    }
    const auto report = make_report(study, runs);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    studies::publish_results(out, page, report.tables, report.by_size, name + "_tables.txt", name + "_r2_vs_size.svg",
                             name, studies::describe_run("hsc reservoir", args, seconds));
    if (out) {
        report.by_tau.write(*out + "/" + name + "_r2_vs_tau.svg");
        report.memory.write(*out + "/" + name + "_memory_curve.svg");
        for (const auto& [suffix, figure] : report.heatmaps) figure.write(*out + "/" + name + "_" + suffix + ".svg");
    }
    return 0;
}

} // namespace hsc::cli

int main(int argc, char** argv)
{
    return hsc::cli::run_program("hsc reservoir", argc, argv, hsc::cli::run_reservoir);
}
