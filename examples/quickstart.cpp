// The README's quick start: design the paper's two banks, a custom one, and save them.
#include <hsc/hsc.hpp>

#include <cstdio>
#include <numbers>

int main()
{
    // The two banks of Ladret, Casanova & Perrinet (2024): 144 Log-Gabor atoms of 12×12 each.
    const hsc::kernel_bank<float> heterogeneous = hsc::heterogeneous_bank<float>();
    const hsc::kernel_bank<float> homogeneous = hsc::homogeneous_bank<float>();

    // Heterogeneity is a policy: here, 6 bandwidths at the quantiles of a log-normal law.
    hsc::oriented_bank<hsc::log_gabor, hsc::distribution::lognormal> custom{
        .n_theta = 12, .n_btheta = 6, .btheta = {.mean = std::numbers::pi / 12, .cv = 0.5}};
    const auto lognormal_bank = custom.build<float>();

    hsc::io::write_npy("heterogeneous.npy", heterogeneous.atoms());             // (144, 12, 12)
    hsc::io::write_gray8("heterogeneous.png", hsc::io::montage(heterogeneous)); // to look at

    std::printf("%zu + %zu + %zu atoms; atom 0 of the log-normal bank has B_theta = %.1f deg\n", heterogeneous.size(),
                homogeneous.size(), lognormal_bank.size(), lognormal_bank.info()[0].b_theta * 180 / std::numbers::pi);
}
