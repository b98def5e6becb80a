// hsc fit: the Log-Gabor parameters of every atom of a bank (docs/science.md §1.5), as CSV.

#include "commands.hpp"

#include <hsc/hsc.hpp>

#include <algorithm>
#include <cstdio>
#include <numbers>
#include <string>
#include <vector>

namespace hsc::cli {

inline const char* fit_description =
    "Fits the orientation theta and bandwidth B_theta of the Log-Gabor model (sf_0 = B_sf = 0.4) to\n"
    "every atom of a bank (K, N, N) by least squares (atom and model scaled to [-1, 1], |v| < 0.15\n"
    "zeroed; phase 0 or 90 degrees, the better kept) and prints CSV on standard output:\n"
    "atom,theta_deg,btheta_deg,phase_deg,r2 (theta in [0, 180), B_theta in [5, 30]).";

int run_fit(const std::vector<std::string>& args)
{
    CLI::App app{fit_description, "hsc fit"};
    set_style(app);
    std::string bank_file;
    bool histogram = false;
    app.add_option("--bank-file", bank_file, "the bank (float32/64 NPY, shape (K, N, N))")
        ->type_name("FILE.npy")
        ->required();
    app.add_flag("--histogram", histogram,
                 "print instead one JSON line: the counts of fitted B_theta in six 5-degree\n"
                 "bins centred on 5, 10, ..., 30 degrees, and the median R^2");
    if (!parse(app, args)) return 0;
    const kernel_bank<double> bank(io::read_npy<double, 3>(bank_file));
    const auto fits = fit_log_gabor(bank);
    constexpr double degrees = 180 / std::numbers::pi;
    if (histogram) {
        const fit_summary summary = summary_of(fits);
        print_line(json{{"atoms", fits.size()},
                        {"btheta_bin_centres_deg", {5, 10, 15, 20, 25, 30}},
                        {"btheta_counts", summary.btheta_counts},
                        {"median_r2", rounded(summary.median_r2, 5)}});
        return 0;
    }
    std::printf("atom,theta_deg,btheta_deg,phase_deg,r2\n");
    for (std::size_t k = 0; k < fits.size(); ++k) {
        std::printf("%zu,%.3f,%.3f,%.0f,%.5f\n", k, fits[k].theta * degrees, fits[k].b_theta * degrees,
                    fits[k].phase * degrees, fits[k].r2);
    }
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) fail(errc::io, "cannot write to standard output");
    return 0;
}

} // namespace hsc::cli
