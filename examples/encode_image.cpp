// Encode an image with each solver through the one encoder host and write its reconstruction.
//   hsc_example_encode_image IMAGE.pgm OUT_PREFIX
#include <hsc/hsc.hpp>

#include <algorithm>
#include <cstdio>
#include <string>

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s IMAGE OUT_PREFIX\n", argv[0]);
        return 2;
    }
    const auto bank = hsc::heterogeneous_bank<float>();
    const auto image = hsc::local_contrast_normalize(hsc::io::read_gray_image<float>(argv[1]));
    const std::size_t h = image.shape()[0], w = image.shape()[1];

    // The same calls for every solver: only the policy type and its options change.
    auto run = [&](const char* name, auto solver) {
        hsc::encoder<float, decltype(solver)> coder(bank, h, w, hsc::boundary::circular, solver);
        const hsc::encode_report report = coder.encode(image);
        const auto approximation = hsc::reconstruct(coder.code(), bank);
        const auto [low, high] = std::minmax_element(image.begin(), image.end());
        hsc::io::write_gray8(std::string(argv[2]) + name + ".png", hsc::io::to_gray8(approximation, *low, *high));
        std::printf("%-5s nnz %7zu  sparseness %.5f  PSNR %.2f dB  stop: %s\n", name, hsc::nnz(coder.code()),
                    hsc::sparseness(coder.code()), report.psnr_db, hsc::to_string(report.reason));
    };
    run("mp", hsc::solver::mp{.options = {.max_atoms = 3000}});
    run("omp", hsc::solver::omp{.options = {.max_atoms = 3000}});
    run("fista", hsc::solver::fista{.options = {.problem = {.lambda = 0.05}, .max_iterations = 200}});
    run("admm", hsc::solver::admm{.options = {.problem = {.lambda = 0.05}, .max_iterations = 100}});
}
