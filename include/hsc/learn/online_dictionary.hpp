// Online convolutional dictionary learning as docs/science.md §1.5 (SPORCO's OnlineConvBPDNDictLearn,
// first-order): one image per step;
//   1. code it by CBPDN with the current atoms (ADMM, fixed ρ = 10, α = 1.8, ≤ 300 iterations,
//      tolerance 1e-2, λ = 0.01); the code Z is ADMM's Y;
//   2. gradient step in the Fourier domain on the zero-padded atoms:
//      D̂_m ← D̂_m − η_j conj(Ẑ_m)(Σ_k Ẑ_k D̂_k − Ŝ),  η_j = a/(b + j) (a = 100, b = 1000);
//   3. back to space, crop every atom to its N×N support (top-left), scale it to unit ℓ2.
// The initial bank is projected the same way (unit ℓ2; an atom that becomes zero is an error). Deterministic: the same
// bank, images and options give the same atoms bit for bit (hsc's own FFT).
#pragma once

#include "hsc/bank/kernel_bank.hpp"
#include "hsc/config.hpp"
#include "hsc/encoder/encoder.hpp"
#include "hsc/solver/admm.hpp"

#include <xtensor/xtensor.hpp>

#include <cmath>
#include <string>
#include <type_traits>
#include <vector>

namespace hsc {

struct online_learning_options
{
    /// How each step codes its image: SPORCO's online learner's ADMM, with ρ fixed.
    solver::admm_options coding{.problem = {.lambda = 0.01},
                                .max_iterations = 300,
                                .tolerance = 1e-2,
                                .relaxation = 1.8,
                                .rho = 10,
                                .auto_rho = false};
    double eta_a = 100, eta_b = 1000; ///< step size η_j = a/(b + j)
    /// Steps already taken: j of the first step, so that learning resumed from a checkpoint
    /// continues the step-size schedule where it stopped.
    std::size_t first_step = 0;
};

template <std::floating_point T>
class online_dictionary_learner
{
public:
    online_dictionary_learner(const kernel_bank<T>& initial, std::size_t height, std::size_t width,
                              const online_learning_options& options = {})
        : m_options(options), m_atoms(project(initial.atoms())),
          m_encoder(kernel_bank<T>(m_atoms), height, width, boundary::circular, solver::admm{options.coding})
    {
        require(options.eta_a > 0 && options.eta_b >= 0, errc::invalid_argument, [&] {
            return "online learning: needs eta_a > 0 and eta_b >= 0, got " + std::to_string(options.eta_a) + ", " +
                   std::to_string(options.eta_b);
        });
        const std::size_t k = initial.size(), bins = m_encoder.engine().problem().bins();
        m_steps = options.first_step;
        m_z_re.resize(k * bins);
        m_z_im.resize(k * bins);
        m_r_re.resize(bins);
        m_r_im.resize(bins);
        m_full.resize(height * width);
    }

    /// One learning step on an image of the learner's size; returns the coding report (before the
    /// dictionary update).
    encode_report step(const T* image)
    {
        auto& problem = m_encoder.engine().problem();
        const encode_report report = m_encoder.encode_unchecked(image); // sets Ŝ too
        const std::size_t k = problem.maps(), bins = problem.bins(), pixels = problem.pixels(), n = problem.atom_size();
        const std::size_t w = problem.width();
        // Ẑ
        problem.forward_maps(
            m_z_re.data(), m_z_im.data(),
            [&](std::size_t m, T*) { return static_cast<const T*>(m_encoder.engine().y().data() + m * pixels); },
            [](std::size_t) {});
        // R̂ = Σ Ẑ D̂ − Ŝ, then D̂_m −= η conj(Ẑ_m) R̂
        const T eta = static_cast<T>(m_options.eta_a / (m_options.eta_b + static_cast<double>(m_steps)));
        for (std::size_t b = 0; b < bins; ++b) {
            m_r_re[b] = -problem.s_re()[b];
            m_r_im[b] = -problem.s_im()[b];
        }
        constexpr std::size_t block = std::remove_reference_t<decltype(problem)>::bin_block;
        for (std::size_t b0 = 0; b0 < bins; b0 += block) {
            const std::size_t count = std::min(block, bins - b0);
            problem.add_synthesis(m_z_re.data(), m_z_im.data(), b0, count, m_r_re.data() + b0, m_r_im.data() + b0);
        }
        for (std::size_t m = 0; m < k; ++m) {
            T* d_re = problem.d_re_mutable(m);
            T* d_im = problem.d_im_mutable(m);
            const T* z_re = m_z_re.data() + m * bins;
            const T* z_im = m_z_im.data() + m * bins;
            for (std::size_t b = 0; b < bins; ++b) {
                const T g_re = z_re[b] * m_r_re[b] + z_im[b] * m_r_im[b]; // conj(Ẑ)·R̂
                const T g_im = z_re[b] * m_r_im[b] - z_im[b] * m_r_re[b];
                d_re[b] -= eta * g_re;
                d_im[b] -= eta * g_im;
            }
            // Back to space, crop to the N×N support, unit ℓ2.
            problem.transform().inverse(d_re, d_im, m_full.data());
            T* atom = m_atoms.data() + m * n * n;
            for (std::size_t u = 0; u < n; ++u)
                for (std::size_t v = 0; v < n; ++v) atom[u * n + v] = m_full[u * w + v];
        }
        m_atoms = project(m_atoms);
        m_encoder.set_bank(kernel_bank<T>(m_atoms));
        ++m_steps;
        return report;
    }

    /// The current atoms (unit ℓ2), as a bank.
    kernel_bank<T> bank() const { return kernel_bank<T>(m_atoms); }
    /// Steps taken, counting those before a resume (options.first_step).
    std::size_t steps() const noexcept { return m_steps; }
    std::size_t height() const noexcept { return m_encoder.height(); }
    std::size_t width() const noexcept { return m_encoder.width(); }
    /// The CBPDN encoder with the current atoms (same options), e.g. to score held-out images.
    hsc::encoder<T, solver::admm>& encoder() noexcept { return m_encoder; }

private:
    /// Every atom scaled to unit ℓ2, by the banks' own normalize_atom (which names an atom that
    /// has become zero or non-finite).
    static xt::xtensor<T, 3> project(xt::xtensor<T, 3> atoms)
    {
        const std::size_t k = atoms.shape()[0], size = atoms.shape()[1] * atoms.shape()[2];
        std::vector<double> atom(size);
        for (std::size_t m = 0; m < k; ++m) {
            T* a = atoms.data() + m * size;
            std::copy(a, a + size, atom.begin());
            normalize_atom(atom.data(), size, normalization::l2);
            for (std::size_t i = 0; i < size; ++i) a[i] = static_cast<T>(atom[i]);
        }
        return atoms;
    }

    online_learning_options m_options;
    xt::xtensor<T, 3> m_atoms;
    hsc::encoder<T, solver::admm> m_encoder;
    std::vector<T> m_z_re, m_z_im, m_r_re, m_r_im, m_full;
    std::size_t m_steps = 0;
};

} // namespace hsc
