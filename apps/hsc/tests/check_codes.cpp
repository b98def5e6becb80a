// Test tool: check_codes CODES.npy INPUT.npy BANK.npy EXPECTED_PSNR
// Rebuilds the image from `hsc encode --codes` maps with plain loops, following the documented
// contract (sum over k of circular_conv(codes[k], atom k zero-padded at the top-left)), and checks
// that its PSNR against the `--input-out` image is the PSNR the tool reported.
#include <hsc/io/npy.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv)
{
    if (argc != 5) {
        std::fprintf(stderr, "usage: check_codes CODES.npy INPUT.npy BANK.npy EXPECTED_PSNR\n");
        return 2;
    }
    const auto codes = hsc::io::read_npy<double, 3>(argv[1]);
    const auto input = hsc::io::read_npy<double, 2>(argv[2]);
    const auto bank = hsc::io::read_npy<double, 3>(argv[3]);
    const double expected = std::atof(argv[4]);
    const std::size_t k_count = codes.shape()[0], h = codes.shape()[1], w = codes.shape()[2], n = bank.shape()[1];
    if (bank.shape()[0] != k_count || input.shape()[0] != h || input.shape()[1] != w) {
        std::printf("shapes do not agree\n");
        return 1;
    }
    xt::xtensor<double, 2> recon({h, w}, 0.0);
    for (std::size_t k = 0; k < k_count; ++k)
        for (std::size_t i = 0; i < h; ++i)
            for (std::size_t j = 0; j < w; ++j) {
                const double x = codes(k, i, j);
                if (x == 0) continue;
                for (std::size_t u = 0; u < n; ++u)
                    for (std::size_t v = 0; v < n; ++v) recon((i + u) % h, (j + v) % w) += x * bank(k, u, v);
            }
    double mse = 0;
    for (std::size_t i = 0; i < input.size(); ++i) mse += std::pow(input.data()[i] - recon.data()[i], 2);
    mse /= static_cast<double>(input.size());
    const auto [low, high] = std::minmax_element(input.begin(), input.end());
    const double psnr = 10 * std::log10((*high - *low) * (*high - *low) / mse);
    std::printf("reconstruction from codes: PSNR %.4f dB, reported %.4f dB\n", psnr, expected);
    return std::fabs(psnr - expected) < 1e-3 ? 0 : 1;
}
