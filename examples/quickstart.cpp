// The README's quick start: an image coded and reconstructed through hsc::encoder with the paper's
// heterogeneous bank, then patches of it coded by the same host with sizes fixed at compile time.
#include <hsc/hsc.hpp>

#include <array>
#include <cstdio>

int main(int argc, char** argv)
{
    // The paper's heterogeneous bank: 144 Log-Gabor atoms of 12×12, bandwidths spread over 5°..30°.
    const auto bank = hsc::heterogeneous_bank<float>();
    // A natural image, contrast-normalized as the paper does (PGM, PPM or NPY).
    const auto image = hsc::local_contrast_normalize(hsc::io::read_gray_image<float>(argc > 1 ? argv[1] : "image.pgm"));
    const std::size_t height = image.shape()[0], width = image.shape()[1];

    // One host for every coder: the solver is a policy with its options, the sizes are extents.
    hsc::encoder<float, hsc::solver::mp> mp(bank, height, width, hsc::boundary::circular,
                                            {.options = {.max_atoms = 5000}});
    const hsc::encode_report report = mp.encode(image);
    const auto approximation = hsc::reconstruct(mp.code(), bank); // the code knows its geometry
    std::printf("MP: %zu atoms, PSNR %.2f dB (recomputed: %.2f dB), sparseness %.5f\n", report.selections,
                report.psnr_db, hsc::psnr_db(image, approximation), hsc::sparseness(mp.code()));

    // Patch mode, fixed sizes: 64 unit atoms of 4×4 = 16 values; the dictionary, its Gram matrix
    // and every buffer live inside the encoder (no heap), and encode_unchecked() is noexcept.
    using extents = hsc::patch_extents<64, 16>;
    const auto atoms = hsc::random_normal_bank{.count = 64, .size = 4, .seed = 1}.build<float>();
    hsc::encoder<float, hsc::solver::omp, extents> omp(atoms, {.options = {.max_atoms = 3}});
    std::array<float, 16> patch{};
    std::array<float, 64> coefficients{};
    double atoms_used = 0, energy = 0, residual = 0;
    std::size_t patches = 0;
    for (std::size_t top = 0; top + 4 <= height; top += 16)
        for (std::size_t left = 0; left + 4 <= width; left += 16, ++patches) {
            for (std::size_t i = 0; i < 16; ++i) patch[i] = image(top + i / 4, left + i % 4);
            atoms_used += static_cast<double>(omp.encode(patch, coefficients).selections);
            for (std::size_t i = 0; i < 16; ++i) {
                float r = patch[i];
                for (std::size_t k = 0; k < 64; ++k) r -= coefficients[k] * atoms.atoms().data()[k * 16 + i];
                energy += double(patch[i]) * patch[i];
                residual += double(r) * r;
            }
        }
    std::printf("OMP on %zu patches of 4x4: %.2f atoms each, %.1f%% of the energy left\n", patches,
                atoms_used / static_cast<double>(patches), 100 * residual / energy);
}
