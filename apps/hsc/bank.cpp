// hsc bank: designs a kernel bank and writes it as NPY (and a montage to look at).

#include "commands.hpp"

#include <hsc/hsc.hpp>

#include <cstdio>
#include <numbers>
#include <string>
#include <variant>
#include <vector>

namespace hsc::cli {

inline const char* bank_usage =
    "usage: hsc bank --kind heterogeneous|homogeneous|random|gabor --out FILE.npy\n"
    "                [--size N] [--thetas N] [--btheta DIST] [--normalize maxabs|l2]\n"
    "                [--count K] [--seed S] [--montage FILE.png|FILE.pgm]\n"
    "\n"
    "Writes float32 atoms of shape (K, N, N) in the paper's order, atom (iθ·nB + iB)·2 + iφ.\n"
    "  --kind        heterogeneous: 12 orientations × B_θ 5°..30° (grid:0:30:6) × 2 phases\n"
    "                homogeneous:   72 orientations × B_θ 12° (single:12) × 2 phases\n"
    "                gabor:         spatial Gabor atoms, heterogeneous geometry\n"
    "                random:        i.i.d. normal atoms (--count, --seed), the init for learning\n"
    "  --size N      atom side in pixels (default 12)\n"
    "  --thetas N    number of orientations (default by kind)\n"
    "  --btheta DIST orientation bandwidths in degrees, one of\n"
    "                  single:B          one value\n"
    "                  grid:LO:HI:N      N values, LO excluded: LO+(HI-LO)·k/N, k = 1..N\n"
    "                  lognormal:MEAN:CV:N   quantiles of a log-normal law\n"
    "                  gamma:MEAN:CV:N       quantiles of a gamma law\n"
    "                  values:A,B,...    explicit values\n"
    "  --normalize   maxabs (paper, default) or l2 (default for random)\n"
    "  --montage     also draw the bank, one atom per cell, mid-gray = 0\n";

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
    auto real = [&](std::size_t i) { return arguments::parse_real("--btheta " + kind, parts[i]); };
    auto count = [&](std::size_t i) { return arguments::parse_count("--btheta " + kind + " N", parts[i], 1, 1000); };
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
        for (const auto& v : split(parts[1], ','))
            values.push_back(arguments::parse_real("--btheta values", v) * degree);
        return {distribution::empirical::from_values(values), values.size()};
    }
    throw usage_error{"--btheta: unknown distribution '" + kind + "' (single, grid, lognormal, gamma, values)"};
}

static normalization parse_normalization(const std::string& v)
{
    if (v == "maxabs") return normalization::maxabs;
    if (v == "l2") return normalization::l2;
    throw usage_error{"--normalize must be maxabs or l2, got '" + v + "'"};
}

/// The bank `hsc bank` and `hsc encode --bank` build from the same options.
kernel_bank<float> make_bank(const arguments& a, const std::string& kind, const std::string& option)
{
    const std::size_t size = a.count("--size", 12, 2, 256);
    kernel_bank<float> bank;
    if (kind == "random") {
        for (const char* irrelevant : {"--thetas", "--btheta"}) {
            if (a.text(irrelevant))
                throw usage_error{std::string(irrelevant) + " does not apply to " + option + " random"};
        }
        bank = random_normal_bank{.count = a.count("--count", 144, 1, 100000),
                                  .size = size,
                                  .seed = a.count("--seed", 0, 0, std::numeric_limits<std::size_t>::max()),
                                  .norm = parse_normalization(a.text("--normalize").value_or("l2"))}
                   .build<float>();
    } else {
        if (kind != "heterogeneous" && kind != "homogeneous" && kind != "gabor") {
            throw usage_error{option + " must be heterogeneous, homogeneous, random or gabor, got '" + kind + "'"};
        }
        for (const char* irrelevant : {"--count", "--seed"}) {
            if (a.text(irrelevant))
                throw usage_error{std::string(irrelevant) + " only applies to " + option + " random"};
        }
        const bool homogeneous_kind = kind == "homogeneous";
        const auto spec = parse_btheta(a.text("--btheta").value_or(homogeneous_kind ? "single:12" : "grid:0:30:6"));
        const std::size_t thetas = a.count("--thetas", homogeneous_kind ? 72 : 12, 1, 10000);
        const normalization norm = parse_normalization(a.text("--normalize").value_or("maxabs"));
        bank = std::visit(
            [&](const auto& distribution) {
                using D = std::decay_t<decltype(distribution)>;
                auto build = [&](auto model) {
                    return oriented_bank<decltype(model), D>{.size = size,
                                                             .n_theta = thetas,
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

    return bank;
}

int run_bank(const std::vector<std::string>& args)
{
    const arguments a(
        args, {"--kind", "--size", "--thetas", "--btheta", "--normalize", "--count", "--seed", "--out", "--montage"},
        {"--help"});
    if (a.flag("--help")) {
        std::fputs(bank_usage, stdout);
        return 0;
    }
    if (!a.positional().empty()) throw usage_error{"unexpected argument '" + a.positional()[0] + "'"};
    const std::string kind = a.required("--kind");
    const std::string out = a.required("--out");
    const auto montage_path = a.text("--montage");
    // Checked before any work so that a typo does not cost a written bank and then an error.
    if (montage_path && !ends_with(*montage_path, ".png") && !ends_with(*montage_path, ".pgm")) {
        throw usage_error{"--montage must end in .png or .pgm, got '" + *montage_path + "'"};
    }

    const kernel_bank<float> bank = make_bank(a, kind, "--kind");

    io::write_npy(out, bank.atoms());
    if (montage_path) io::write_gray8(*montage_path, io::montage(bank));
    json line{{"kind", kind}, {"atoms", bank.size()}, {"size", bank.atom_size()}, {"out", out}};
    if (montage_path) line["montage"] = *montage_path;
    print_line(line);
    return 0;
}

} // namespace hsc::cli
