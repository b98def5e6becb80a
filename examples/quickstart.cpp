// The README's quick start: an image coded by matching pursuit over the paper's heterogeneous bank
// and reconstructed, then patches of it coded by Batch-OMP with sizes fixed at compile time.
#include <hsc/hsc.hpp>

#include <array>
#include <cstdio>

int main(int argc, char** argv)
{
    const auto bank = hsc::heterogeneous_bank<float>(); // 144 Log-Gabor atoms, B_θ from 5° to 30°
    const auto image = hsc::local_contrast_normalize(hsc::io::read_gray_image<float>(argc > 1 ? argv[1] : "a.pgm"));
    const std::size_t height = image.shape()[0], width = image.shape()[1];

    // One host for every coder: the solver is a policy with its options, the sizes are extents.
    hsc::encoder<float, hsc::solver::mp> mp(bank, height, width, hsc::boundary::circular,
                                            {.options = {.max_atoms = 5000}});
    const hsc::encode_report report = mp.encode(image);
    const auto approximation = hsc::reconstruct(mp.code(), bank); // the code knows its geometry
    std::printf("MP: %zu atoms, PSNR %.2f dB (recomputed: %.2f dB), sparseness %.5f\n", report.selections,
                report.psnr_db, hsc::psnr_db(image, approximation), hsc::sparseness(mp.code()));

    // Patches of 4×4 over 64 unit atoms, sizes fixed: every buffer inside the encoder, no heap.
    const auto atoms = hsc::random_normal_bank{.count = 64, .size = 4, .seed = 1}.build<float>();
    hsc::encoder<float, hsc::solver::omp, hsc::patch_extents<64, 16>> omp(atoms, {.options = {.max_atoms = 3}});
    std::array<float, 16> patch{};
    std::array<float, 64> coefficients{};
    std::size_t patches = 0, used = 0;
    for (std::size_t top = 0; top + 4 <= height; top += 16)
        for (std::size_t left = 0; left + 4 <= width; left += 16, ++patches) {
            for (std::size_t i = 0; i < 16; ++i) patch[i] = image(top + i / 4, left + i % 4);
            used += omp.encode(patch, coefficients).selections;
        }
    std::printf("OMP on %zu patches of 4x4: %.2f atoms each\n", patches, double(used) / double(patches));
}
