// hsc bank: designs a kernel bank and writes it as NPY (and a montage to look at).

#include "commands.hpp"
#include "output.hpp"

#include <hsc/hsc.hpp>

#include <cstdio>
#include <numbers>
#include <string>
#include <variant>
#include <vector>

namespace hsc::cli {

inline const char* bank_description =
    "Designs a kernel bank and writes its float32 atoms, shape (K, N, N), in the paper's order:\n"
    "atom (i_theta * n_B + i_B) * 2 + i_phase. Prints one JSON line.";

using btheta_distribution = std::variant<distribution::homogeneous, distribution::uniform_grid, distribution::lognormal,
                                         distribution::gamma, distribution::empirical>;

struct btheta_spec
{
    btheta_distribution distribution;
    std::size_t count;
};

/// Parses DIST (degrees) into a distribution policy and the number of bandwidths.
static btheta_spec parse_btheta(const std::string& spec)
{
    constexpr double degree = std::numbers::pi / 180;
    const auto parts = split(spec, ':');
    const std::string& kind = parts[0];
    auto real = [&](std::size_t i) { return parse_real("--btheta " + kind, parts[i]); };
    auto count = [&](std::size_t i) { return parse_count("--btheta " + kind + " N", parts[i], 1, 1000); };
    auto expect = [&](std::size_t n, const char* form) {
        if (parts.size() != n) throw usage_error{"--btheta: expected " + std::string(form) + ", got '" + spec + "'"};
    };
    if (kind == "single") {
        expect(2, "single:B");
        return {distribution::homogeneous{real(1) * degree}, 1};
    }
    if (kind == "grid") {
        expect(4, "grid:LO:HI:N");
        return {distribution::uniform_grid{.low = real(1) * degree, .high = real(2) * degree}, count(3)};
    }
    if (kind == "lognormal") {
        expect(4, "lognormal:MEAN:CV:N");
        return {distribution::lognormal{.mean = real(1) * degree, .cv = real(2)}, count(3)};
    }
    if (kind == "gamma") {
        expect(4, "gamma:MEAN:CV:N");
        return {distribution::gamma{.mean = real(1) * degree, .cv = real(2)}, count(3)};
    }
    if (kind == "values") {
        expect(2, "values:A,B,...");
        std::vector<double> values;
        for (const auto& v : split(parts[1], ',')) values.push_back(parse_real("--btheta values", v) * degree);
        return {distribution::empirical::from_values(values), values.size()};
    }
    throw usage_error{"--btheta: unknown distribution '" + kind + "' (single, grid, lognormal, gamma, values)"};
}

void bank_options::add_to(CLI::App& app, const std::string& kind_option)
{
    app.add_option("--size", size, "atom side in pixels")
        ->type_name("N")
        ->check(CLI::Range(2, 256))
        ->capture_default_str();
    app.add_option("--thetas", thetas, "number of orientations (default: 12, or 72 for homogeneous)")
        ->type_name("N")
        ->check(CLI::Range(1, 10000));
    app.add_option("--btheta", btheta,
                   "orientation bandwidths in degrees (default grid:0:30:6; homogeneous: single:12):\n"
                   "  single:B             one value\n"
                   "  grid:LO:HI:N         LO+(HI-LO)k/N, k = 1..N (LO excluded)\n"
                   "  lognormal:MEAN:CV:N  quantiles of a log-normal law\n"
                   "  gamma:MEAN:CV:N      quantiles of a gamma law\n"
                   "  values:A,B,...       explicit values")
        ->type_name("DIST");
    app.add_option("--normalize", normalize, "maxabs (the paper; default) or l2 (default for random)")
        ->check(CLI::IsMember({"maxabs", "l2"}));
    app.add_option("--count", count, kind_option + " random: number of atoms (default 144)")
        ->type_name("K")
        ->check(CLI::Range(1, 100000));
    app.add_option("--seed", seed, kind_option + " random: seed of the normal draws (default 0)")->type_name("S");
}

kernel_bank<float> bank_options::build(const std::string& kind, const std::string& option) const
{
    const normalization norm =
        normalize.value_or(kind == "random" ? "l2" : "maxabs") == "l2" ? normalization::l2 : normalization::maxabs;
    if (kind == "random") {
        if (thetas) throw usage_error{"--thetas does not apply to " + option + " random"};
        if (btheta) throw usage_error{"--btheta does not apply to " + option + " random"};
        return random_normal_bank{.count = count.value_or(144), .size = size, .seed = seed.value_or(0), .norm = norm}
            .build<float>();
    }
    if (count) throw usage_error{"--count only applies to " + option + " random"};
    if (seed) throw usage_error{"--seed only applies to " + option + " random"};
    const bool homogeneous_kind = kind == "homogeneous";
    const auto spec = parse_btheta(btheta.value_or(homogeneous_kind ? "single:12" : "grid:0:30:6"));
    return std::visit(
        [&](const auto& distribution) {
            using D = std::decay_t<decltype(distribution)>;
            auto build = [&](auto model) {
                return oriented_bank<decltype(model), D>{.size = size,
                                                         .n_theta = thetas.value_or(homogeneous_kind ? 72 : 12),
                                                         .n_btheta = spec.count,
                                                         .btheta = distribution,
                                                         .norm = norm,
                                                         .model = model}
                    .template build<float>();
            };
            return kind == "gabor" ? build(hsc::gabor{}) : build(hsc::log_gabor{});
        },
        spec.distribution);
}

int run_bank(const std::vector<std::string>& args)
{
    CLI::App app{bank_description, "hsc bank"};
    set_style(app);
    std::string kind, out;
    std::optional<std::string> montage_path;
    app.add_option("--kind", kind,
                   "heterogeneous: 12 orientations x B_theta 5..30 deg (grid:0:30:6) x 2 phases\n"
                   "homogeneous: 72 orientations x B_theta 12 deg x 2 phases\n"
                   "gabor: spatial Gabor atoms, heterogeneous geometry\n"
                   "random: i.i.d. normal atoms (--count, --seed), the init for learning")
        ->required()
        ->check(CLI::IsMember(bank_kinds));
    app.add_option("--out", out, "the bank (float32 NPY)")->type_name("FILE.npy")->required();
    app.add_option("--montage", montage_path, "also draw the bank, one atom per cell, mid-gray = 0")
        ->type_name("FILE.png|FILE.pgm");
    bank_options bank_opts;
    bank_opts.add_to(app, "--kind");
    if (!parse(app, args)) return 0;
    // Checked before any work so that a typo does not cost a written bank and then an error.
    if (montage_path && !ends_with(*montage_path, ".png") && !ends_with(*montage_path, ".pgm")) {
        throw usage_error{"--montage must end in .png or .pgm, got '" + *montage_path + "'"};
    }

    require_writable(out);
    if (montage_path) require_writable(*montage_path);
    const kernel_bank<float> bank = bank_opts.build(kind, "--kind");

    io::write_npy(out, bank.atoms());
    if (montage_path) write_image(*montage_path, io::montage(bank));
    json line{{"kind", kind}, {"atoms", bank.size()}, {"size", bank.atom_size()}, {"out", out}};
    if (montage_path) line["montage"] = *montage_path;
    print_line(line);
    return 0;
}

void bank_choice::add_to(CLI::App& app)
{
    app.add_option("--bank", kind, "a bank as `hsc bank --kind KIND` makes it (with the options below)")
        ->type_name("KIND")
        ->check(CLI::IsMember(bank_kinds));
    app.add_option("--bank-file", file, "a bank saved by `hsc bank` (float32/64 NPY, shape (K, N, N))")
        ->type_name("FILE.npy");
    options.add_to(app, "--bank");
}

void bank_choice::check() const
{
    if (kind.has_value() == file.has_value())
        throw usage_error{"give exactly one of --bank KIND and --bank-file FILE.npy"};
}

kernel_bank<float> bank_choice::build() const
{
    check();
    return file ? kernel_bank<float>(io::read_npy<float, 3>(*file)) : options.build(*kind, "--bank");
}

} // namespace hsc::cli
