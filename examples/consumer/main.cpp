// A downstream program: the paper's bank, and an image coded and reconstructed through the
// encoder host, from hsc taken as a package.
#include <hsc/bank/oriented_bank.hpp>
#include <hsc/code/reconstruct.hpp>
#include <hsc/encoder/encoder.hpp>
#include <hsc/metrics/psnr.hpp>
#include <hsc/solver/omp.hpp>

#include <cstdio>

int main()
{
    const auto bank = hsc::heterogeneous_bank();
    xt::xtensor<float, 2> image({32, 32}, 0.0f);
    image(10, 12) = 1.0f;
    hsc::encoder<float, hsc::solver::omp> omp(bank, 32, 32, hsc::boundary::circular, {.options = {.max_atoms = 8}});
    const auto report = omp.encode(image);
    const double psnr = hsc::psnr_db(image, hsc::reconstruct(omp.code(), bank));
    std::printf("hsc %s: %zu atoms of %zux%zu; %zu selections, %.1f dB\n", HSC_VERSION_STRING, bank.size(),
                bank.atom_size(), bank.atom_size(), report.selections, psnr);
    return bank.size() == 144 && report.selections > 0 && psnr > 10 ? 0 : 1;
}
