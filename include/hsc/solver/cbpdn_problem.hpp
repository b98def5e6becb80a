// What the convex coders (ADMM, FISTA) share about convolutional basis pursuit denoising,
//   minimise ½‖Σ_m d_m ∗ x_m − s‖² + λ Σ_m ‖w_m ⊙ x_m‖₁   (docs/science.md §1.3),
// in the Fourier domain: the bank's spectra D̂, the image's Ŝ, the ℓ1 weights w, per-worker
// transforms, the walk over coefficient maps two at a time, bin sums that do not depend on the
// thread count, and the final report (PSNR, objective) of a solution.
#pragma once

#include "hsc/bank/kernel_bank.hpp"
#include "hsc/code/sparse_code.hpp"
#include "hsc/concepts.hpp"
#include "hsc/config.hpp"
#include "hsc/detail/buffer.hpp"
#include "hsc/detail/split_complex.hpp"
#include "hsc/metrics/psnr.hpp"
#include "hsc/parallel.hpp"
#include "hsc/simd/correlate.hpp"
#include "hsc/simd/kernels.hpp"
#include "hsc/solver/report.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace hsc::solver {

/// What ADMM and FISTA share of the problem they solve.
struct cbpdn_options
{
    double lambda = 0.01;             ///< weight of the ℓ1 term
    std::size_t threads = 1;          ///< worker threads; the result is bit-identical for any count
    std::vector<double> l1_weights{}; ///< none, one for all maps, one per map (K) or per coefficient (K·H·W)
};

template <std::floating_point T, class Fft>
requires fft::RealFft2d<Fft, T>
class cbpdn_problem
{
public:
    /// `options.l1_weights`: empty (all ones), one value (every map), K values (one per map) or
    /// K·H·W values (one per coefficient), each finite and ≥ 0. `solver` names the caller in error messages.
    cbpdn_problem(const kernel_bank<T>& bank, std::size_t height, std::size_t width, boundary mode,
                  const cbpdn_options& options, const char* solver)
        : m_k(bank.size()), m_n(bank.atom_size()), m_h(height), m_w(width), m_lambda(options.lambda),
          m_threads(std::max<std::size_t>(1, options.threads))
    {
        const double lambda = options.lambda;
        const std::vector<double>& l1_weights = options.l1_weights;
        const std::string who = solver;
        require(mode == boundary::circular, errc::invalid_argument,
                [&] { return who + ": CBPDN is defined with the circular boundary only"; });
        require(m_h > 0 && m_w > 0 && m_n <= m_h && m_n <= m_w, errc::invalid_argument, [&] {
            return who + ": atoms of size " + std::to_string(m_n) + " do not fit a " + std::to_string(m_h) + "x" +
                   std::to_string(m_w) + " image";
        });
        require(lambda > 0 && std::isfinite(lambda), errc::invalid_argument,
                [&] { return who + ": needs a finite lambda > 0, got " + std::to_string(lambda); });
        const std::size_t pixels = m_h * m_w;
        require(l1_weights.size() <= 1 || l1_weights.size() == m_k || l1_weights.size() == m_k * pixels,
                errc::invalid_argument, [&] {
                    return who + ": " + std::to_string(l1_weights.size()) +
                           " l1 weights; give none, one for all maps, one per map (" + std::to_string(m_k) +
                           ") or one per coefficient (" + std::to_string(m_k * pixels) + ")";
                });
        for (std::size_t i = 0; i < l1_weights.size(); ++i) {
            require(std::isfinite(l1_weights[i]) && l1_weights[i] >= 0, errc::invalid_argument,
                    [&] { return who + ": l1 weight " + std::to_string(i) + " is negative or not finite"; });
        }
        m_map_weight.assign(m_k, T(1));
        if (l1_weights.size() == 1) {
            m_map_weight.assign(m_k, static_cast<T>(l1_weights[0]));
        } else if (l1_weights.size() == m_k) {
            for (std::size_t k = 0; k < m_k; ++k) m_map_weight[k] = static_cast<T>(l1_weights[k]);
        } else if (!l1_weights.empty()) {
            m_pixel_weight.assign(l1_weights.begin(), l1_weights.end());
        }

        m_pool = std::make_unique<thread_pool>(m_threads);
        m_workers.reserve(m_threads);
        for (std::size_t t = 0; t < m_threads; ++t) m_workers.emplace_back(m_h, m_w);
        const std::size_t bins = m_workers[0].bins();
        m_d_re.resize(m_k * bins);
        m_d_im.resize(m_k * bins);
        m_d_power.assign(bins, T(0));
        m_scratch.assign(m_threads * 2 * pixels, T(0));
        m_spec_scratch.assign(m_threads * 4 * bins, T(0));
        m_group_re.assign(group_count() * bins, T(0));
        m_group_im.assign(group_count() * bins, T(0));
        set_atoms(bank);
        m_s_re.resize(bins);
        m_s_im.resize(bins);
        m_r_re.resize(bins);
        m_r_im.resize(bins);
        m_block_sums.resize((bins + block - 1) / block);
    }

    /// Replaces the atoms (same count and size), as dictionary learning does between steps:
    /// recomputes D̂ and Σ|D̂|² without allocating.
    void set_atoms(const kernel_bank<T>& bank) noexcept
    {
        HSC_ASSERT(bank.size() == m_k && bank.atom_size() == m_n);
        const std::size_t pixels = this->pixels(), bins = this->bins();
        std::fill(m_d_power.begin(), m_d_power.end(), T(0));
        for (std::size_t k = 0; k < m_k; ++k) {
            T* padded = m_scratch.data();
            std::fill(padded, padded + pixels, T(0));
            for (std::size_t u = 0; u < m_n; ++u)
                for (std::size_t v = 0; v < m_n; ++v) padded[u * m_w + v] = bank.atom(k)[u * m_n + v];
            m_workers[0].forward(padded, m_d_re.data() + k * bins, m_d_im.data() + k * bins);
            for (std::size_t b = 0; b < bins; ++b) {
                const T re = m_d_re[k * bins + b], im = m_d_im[k * bins + b];
                m_d_power[b] += re * re + im * im;
            }
        }
    }

    /// The atoms' spectra, writable: dictionary learning updates them in place.
    T* d_re_mutable(std::size_t k) noexcept { return m_d_re.data() + k * bins(); }
    T* d_im_mutable(std::size_t k) noexcept { return m_d_im.data() + k * bins(); }
    Fft& transform(std::size_t worker = 0) noexcept { return m_workers[worker]; }
    std::size_t atom_size() const noexcept { return m_n; }

    std::size_t maps() const noexcept { return m_k; }
    std::size_t height() const noexcept { return m_h; }
    std::size_t width() const noexcept { return m_w; }
    std::size_t pixels() const noexcept { return m_h * m_w; }
    std::size_t bins() const noexcept { return m_d_power.size(); }
    T lambda() const noexcept { return static_cast<T>(m_lambda); }

    const T* d_re(std::size_t k) const noexcept { return m_d_re.data() + k * bins(); }
    const T* d_im(std::size_t k) const noexcept { return m_d_im.data() + k * bins(); }
    /// Σ_m |D̂_m|² per bin; its maximum is ‖D‖², the squared operator norm of the synthesis.
    const std::vector<T>& d_power() const noexcept { return m_d_power; }
    const std::vector<T>& s_re() const noexcept { return m_s_re; }
    const std::vector<T>& s_im() const noexcept { return m_s_im; }
    T bin_weight(std::size_t b) const noexcept { return m_workers[0].bin_weight(b); }

    /// The ℓ1 weight of map k as a whole, and its per-coefficient weights (nullptr when there are none).
    T map_weight(std::size_t k) const noexcept { return m_map_weight[k]; }
    const T* pixel_weights(std::size_t k) const noexcept
    {
        return m_pixel_weight.empty() ? nullptr : m_pixel_weight.data() + k * pixels();
    }

    /// Ŝ, the spectrum of the image about to be coded.
    void set_image(const T* image) noexcept { m_workers[0].forward(image, m_s_re.data(), m_s_im.data()); }

    /// For every map k, parallel over pairs of maps: `source(k, scratch)` returns the map's spatial
    /// values (its own storage, or `scratch` of H·W values after filling it); the map's spectrum is
    /// written at re/im + k·bins, then `finish(k)` runs while it is still in cache.
    template <class Source, class Finish>
    void forward_maps(T* re, T* im, Source&& source, Finish&& finish) noexcept
    {
        const std::size_t bins = this->bins(), pixels = this->pixels();
        for_each_pair([&](std::size_t k, bool two, std::size_t, worker_space w) {
            auto& [fft, scratch, spec] = w;
            if (two) {
                const T* a = source(k, scratch);
                const T* b = source(k + 1, scratch + pixels);
                fft.forward_pair(a, b, re + k * bins, im + k * bins, re + (k + 1) * bins, im + (k + 1) * bins);
                finish(k);
                finish(k + 1);
            } else {
                fft.forward(source(k, scratch), re + k * bins, im + k * bins);
                finish(k);
            }
        });
    }

    /// forward_maps, then, while each spectrum is in cache, `rewrite(k, re_k, im_k)` (which may
    /// change it in place) and the synthesis Σ_m D̂_m Z_m of the rewritten spectra Z_m, summed in
    /// fixed groups of maps so that synthesis() does not depend on the thread count. One pass over
    /// the maps does what would otherwise be a transform pass and a pass over all K spectra.
    /// With re = im = nullptr the spectra are not kept (worker scratch).
    template <class Source, class Rewrite>
    void forward_synthesise(T* re, T* im, Source&& source, Rewrite&& rewrite) noexcept
    {
        const std::size_t bins = this->bins(), pixels = this->pixels();
        for_each_pair([&](std::size_t k, bool two, std::size_t group, worker_space w) {
            auto& [fft, scratch, spec] = w;
            // Spectra into re/im + k·bins, or into worker scratch when the caller keeps none.
            T *a_re = re != nullptr ? re + k * bins : spec, *a_im = re != nullptr ? im + k * bins : spec + bins;
            const bool first = k == group_first_map(group);
            T *acc_re = m_group_re.data() + group * bins, *acc_im = m_group_im.data() + group * bins;
            const T *d_re = this->d_re(k), *d_im = this->d_im(k);
            if (two) {
                T *b_re = re != nullptr ? a_re + bins : spec + 2 * bins,
                  *b_im = re != nullptr ? a_im + bins : spec + 3 * bins;
                fft.forward_pair(source(k, scratch), source(k + 1, scratch + pixels), a_re, a_im, b_re, b_im);
                rewrite(k, a_re, a_im);
                rewrite(k + 1, b_re, b_im);
                detail::multiply_accumulate_two(first, bins, d_re, d_im, a_re, a_im, d_re + bins, d_im + bins, b_re,
                                                b_im, acc_re, acc_im);
            } else {
                fft.forward(source(k, scratch), a_re, a_im);
                rewrite(k, a_re, a_im);
                detail::multiply_accumulate(first, bins, d_re, d_im, a_re, a_im, acc_re, acc_im);
            }
        });
    }

    /// out[j] = Σ_m D̂_m Z_m at bin begin + j, for bins [begin, end), from the last
    /// forward_synthesise (groups added in order).
    void synthesis(std::size_t begin, std::size_t end, T* out_re, T* out_im) const noexcept
    {
        const std::size_t bins = this->bins();
        std::copy(m_group_re.begin() + begin, m_group_re.begin() + end, out_re);
        std::copy(m_group_im.begin() + begin, m_group_im.begin() + end, out_im);
        for (std::size_t g = 1; g < group_count(); ++g) {
            const T *re = m_group_re.data() + g * bins, *im = m_group_im.data() + g * bins;
            for (std::size_t b = begin; b < end; ++b) {
                out_re[b - begin] += re[b];
                out_im[b - begin] += im[b];
            }
        }
    }

    /// For every map k, parallel over pairs: `spectrum(k, re, im)` returns the map's spectrum as a
    /// pair of pointers (its own storage, or the given worker scratch of `bins` values each after
    /// filling it); its inverse transform, H·W values, goes to `finish(k, values)` while in cache.
    /// `values` is worker scratch, valid only during the call.
    template <class Spectrum, class Finish>
    void inverse_maps(Spectrum&& spectrum, Finish&& finish) noexcept
    {
        const std::size_t bins = this->bins(), pixels = this->pixels();
        for_each_pair([&](std::size_t k, bool two, std::size_t, worker_space w) {
            auto& [fft, scratch, spec] = w;
            if (two) {
                const auto [a_re, a_im] = spectrum(k, spec, spec + bins);
                const auto [b_re, b_im] = spectrum(k + 1, spec + 2 * bins, spec + 3 * bins);
                fft.inverse_pair(a_re, a_im, b_re, b_im, scratch, scratch + pixels);
                finish(k, static_cast<const T*>(scratch));
                finish(k + 1, static_cast<const T*>(scratch + pixels));
            } else {
                const auto [a_re, a_im] = spectrum(k, spec, spec + bins);
                fft.inverse(a_re, a_im, scratch);
                finish(k, static_cast<const T*>(scratch));
            }
        });
    }

    /// Runs `body(begin, end)` over fixed blocks of bins, in parallel; each call returns its partial
    /// sums (std::array<double, N>), which are added in block order — the same for any thread count.
    template <std::size_t N, class Body>
    std::array<double, N> sum_over_bins(Body&& body) noexcept
    {
        const std::size_t bins = this->bins(), blocks = m_block_sums.size();
        static_assert(N <= max_sums);
        m_pool->run(blocks, [&](std::size_t first, std::size_t last, std::size_t) {
            for (std::size_t blk = first; blk < last; ++blk) {
                const std::array<double, N> part = body(blk * block, std::min(bins, (blk + 1) * block));
                std::copy(part.begin(), part.end(), m_block_sums[blk].begin());
            }
        });
        std::array<double, N> total{};
        for (const auto& part : m_block_sums)
            for (std::size_t i = 0; i < N; ++i) total[i] += part[i];
        return total;
    }

    /// Runs `body(begin, end)` over blocks of bins, in parallel, for work that sums nothing.
    template <class Body>
    void for_bins(Body&& body) noexcept
    {
        m_pool->run(bins(), [&](std::size_t first, std::size_t last, std::size_t) { body(first, last); });
    }

    /// The nonzeros of dense (K, H, W) maps, in map-row-column order.
    void collect(const T* maps, sparse_code<T>& code) const noexcept
    {
        code.clear();
        for (std::size_t k = 0; k < m_k; ++k)
            for (std::size_t i = 0; i < m_h; ++i)
                for (std::size_t j = 0; j < m_w; ++j) {
                    const T v = maps[(k * m_h + i) * m_w + j];
                    if (v != T(0))
                        code.push_back_distinct({static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(i),
                                                 static_cast<std::uint32_t>(j), v});
                }
    }

    /// Bins are worked in blocks of this many, maps in the outer loop: every access is contiguous
    /// and a block's share of D̂ and of the maps' spectra (K × block) stays in cache.
    static constexpr std::size_t bin_block = 64;

    /// r[j] += Σ_m D̂_m X̂_m at bin b0 + j, for j < count ≤ bin_block (X̂_m at x_re/x_im + m·bins).
    void add_synthesis(const T* x_re, const T* x_im, std::size_t b0, std::size_t count, T* r_re, T* r_im) const noexcept
    {
        const std::size_t bins = this->bins();
        for (std::size_t k = 0; k < m_k; ++k) {
            detail::multiply_accumulate(false, count, this->d_re(k) + b0, this->d_im(k) + b0, x_re + k * bins + b0,
                                        x_im + k * bins + b0, r_re, r_im);
        }
    }

    /// Residual energy, PSNR and objective of dense maps (K, H, W) as the coding of `image`, summed
    /// in double. The reconstruction goes through the transforms, so it costs the same for a dense
    /// code as for a sparse one.
    encode_report report(const T* image, const T* maps) noexcept
    {
        const std::size_t pixels = this->pixels();
        forward_synthesise(
            nullptr, nullptr, [&](std::size_t k, T*) { return maps + k * pixels; }, [](std::size_t, T*, T*) {});
        for_bins([&](std::size_t begin, std::size_t end) {
            synthesis(begin, end, m_r_re.data() + begin, m_r_im.data() + begin);
        });
        T* recon = m_scratch.data();
        m_workers[0].inverse(m_r_re.data(), m_r_im.data(), recon);
        double energy = 0;
        T low = image[0], high = image[0];
        for (std::size_t i = 0; i < pixels; ++i) {
            const double d = static_cast<double>(image[i]) - static_cast<double>(recon[i]);
            energy += d * d;
            low = std::min(low, image[i]);
            high = std::max(high, image[i]);
        }
        double l1 = 0;
        for (std::size_t k = 0; k < m_k; ++k) {
            const T* pw = pixel_weights(k);
            double map_l1 = 0;
            for (std::size_t i = 0; i < pixels; ++i) {
                map_l1 += (pw ? static_cast<double>(pw[i]) : 1.0) * std::abs(static_cast<double>(maps[k * pixels + i]));
            }
            l1 += m_map_weight[k] * map_l1;
        }
        encode_report report;
        report.residual_energy = energy;
        report.objective = 0.5 * energy + m_lambda * l1;
        report.psnr_db = psnr_db(energy, pixels, static_cast<double>(high) - static_cast<double>(low));
        return report;
    }

private:
    static constexpr std::size_t block = 2048; // bins per partial sum
    static constexpr std::size_t max_sums = 4;
    std::size_t pair_count() const noexcept { return (m_k + 1) / 2; }

    /// Maps are walked in pairs, and the pairs in at most `sum_groups` fixed groups: a thread takes
    /// whole groups, so sums kept per group and added in group order do not depend on the thread
    /// count (more threads than groups would idle).
    static constexpr std::size_t sum_groups = 16;
    std::size_t group_count() const noexcept { return std::min(sum_groups, pair_count()); }
    std::size_t group_first_pair(std::size_t group) const noexcept { return pair_count() * group / group_count(); }
    std::size_t group_first_map(std::size_t group) const noexcept { return 2 * group_first_pair(group); }

    /// What one worker thread owns: its transform, two maps of scratch and two spectra (re, im).
    struct worker_space
    {
        Fft& fft;
        T* maps;
        T* spectra;
    };

    /// body(k, two, group, worker_space) for maps k and k + 1 (two = true) or the last map alone,
    /// in parallel over groups of pairs, each group's pairs in order.
    template <class Body>
    void for_each_pair(Body&& body) noexcept
    {
        m_pool->run(group_count(), [&](std::size_t begin, std::size_t end, std::size_t worker) {
            const worker_space space{m_workers[worker], m_scratch.data() + worker * 2 * pixels(),
                                     m_spec_scratch.data() + worker * 4 * bins()};
            for (std::size_t group = begin; group < end; ++group)
                for (std::size_t pair = group_first_pair(group); pair < group_first_pair(group + 1); ++pair)
                    body(2 * pair, 2 * pair + 1 < m_k, group, space);
        });
    }

    std::size_t m_k, m_n, m_h, m_w;
    double m_lambda;
    std::size_t m_threads;
    std::unique_ptr<thread_pool> m_pool; // started once: the iterations start no thread (movable owner)
    std::vector<Fft> m_workers;          // one transform (plans and buffers) per worker thread
    detail::aligned_vector<T> m_d_re, m_d_im;
    std::vector<T> m_d_power;
    std::vector<T> m_s_re, m_s_im;
    detail::aligned_vector<T> m_r_re, m_r_im; // a synthesis Σ_m D̂_m X̂_m, for the report
    std::vector<T> m_map_weight, m_pixel_weight;
    detail::aligned_vector<T> m_scratch;              // two maps per worker
    detail::aligned_vector<T> m_spec_scratch;         // two spectra (re, im) per worker
    detail::aligned_vector<T> m_group_re, m_group_im; // forward_synthesise's sums, one per group of maps
    std::vector<std::array<double, max_sums>> m_block_sums;
};

} // namespace hsc::solver
