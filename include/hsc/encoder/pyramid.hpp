// Coding an image at several scales with one bank, as a wavelet pyramid does: a bank tuned to
// fine detail (Log-Gabor atoms pass 0.2–0.5 cycles/pixel) then also sees the coarse structure.
//
// Scale s codes the image reduced s times by 2×2 means (hsc::halve), with its own solver policy
// (for example fewer atoms at coarser scales). The codes are merged into one sparse_code of
// Scales·K atoms on the full H×W grid, laid out as:
//   atom     = s·K + k         (scale-major: atoms 0..K−1 are the full-size code, K..2K−1 the half
//                               size one, ...)
//   row, col = position at scale s times 2^s (full-size coordinates of the block's top-left)
//   value    = the coefficient at scale s
// so that pooling and classifiers read every scale as channels of one code, and its shape is a type
// (code_extents) when the extents are static. Events of scale s keep their scale's order, scales in
// order 0, 1, ... The merged code is for reading, not for reconstruct(): an atom of scale s > 0
// stands for the bank's atom enlarged 2^s times; reconstruct a scale from scale_code(s).
#pragma once

#include "hsc/encoder/encoder.hpp"
#include "hsc/preprocess/resize.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace hsc {

template <std::floating_point T, class SolverPolicy, ConvExtents Extents, std::size_t Scales>
class pyramid_encoder
{
    static_assert(Scales >= 1 && Scales <= 8, "hsc::pyramid_encoder: 1 to 8 scales");
    static constexpr std::size_t K = Extents::atoms;
    using scale_encoder = encoder<T, SolverPolicy, conv_extents<K, Extents::atom_size>>;

public:
    using scalar = T;
    using extents_type = Extents;
    /// The merged code's sizes: Scales·K atoms of N×N on the full H×W image.
    using code_extents =
        conv_extents<K == dynamic ? dynamic : Scales * K, Extents::atom_size, Extents::height, Extents::width>;
    static constexpr std::size_t scales = Scales;

    /// Images of height × width (multiples of 2^(Scales−1)), `solvers[s]` coding scale s.
    pyramid_encoder(const kernel_bank<T>& bank, std::size_t height, std::size_t width, boundary mode,
                    const std::array<SolverPolicy, Scales>& solvers)
        : m_code({Scales * bank.size(), height, width, mode})
    {
        constexpr std::size_t factor = std::size_t{1} << (Scales - 1);
        require(height % factor == 0 && width % factor == 0 && height >= factor && width >= factor,
                errc::invalid_argument, [&] {
                    return "pyramid_encoder: " + std::to_string(Scales) + " scales need an image whose sides are " +
                           "multiples of " + std::to_string(factor) + ", got " + std::to_string(height) + "x" +
                           std::to_string(width);
                });
        detail::check_extent(Extents::height, height, "the image height");
        detail::check_extent(Extents::width, width, "the image width");
        m_encoders.reserve(Scales);
        std::size_t capacity = 0;
        for (std::size_t s = 0; s < Scales; ++s) {
            m_encoders.emplace_back(bank, height >> s, width >> s, mode, solvers[s]);
            if (s > 0) m_images[s - 1] = xt::xtensor<T, 2>({height >> s, width >> s});
            capacity += (height >> s) * (width >> s);
        }
        m_code.reserve(std::min<std::size_t>(capacity, 1u << 16));
    }

    /// Images of the extents' static height × width.
    pyramid_encoder(const kernel_bank<T>& bank, boundary mode,
                    const std::array<SolverPolicy, Scales>& solvers) requires(Extents::height != dynamic &&
                                                                              Extents::width != dynamic)
        : pyramid_encoder(bank, Extents::height, Extents::width, mode, solvers)
    {}

    /// Codes the image at every scale (validated as hsc::encoder does) and merges the codes.
    const sparse_code<T>& encode(const xt::xtensor<T, 2>& image)
    {
        m_encoders[0].encode(image);
        const T* previous = image.data();
        for (std::size_t s = 1; s < Scales; ++s) {
            auto& reduced = m_images[s - 1];
            halve(previous, m_encoders[s - 1].height(), m_encoders[s - 1].width(), reduced.data());
            m_encoders[s].encode_unchecked(reduced.data()); // finite: means of the checked image
            previous = reduced.data();
        }
        merge();
        return m_code;
    }

    /// The merged code of the last image (layout above).
    const sparse_code<T>& code() const noexcept { return m_code; }
    /// The code of scale s alone, on its own grid: reconstruct(scale_code(s), bank) is scale s's
    /// approximation of the reduced image.
    const sparse_code<T>& scale_code(std::size_t s) const noexcept { return m_encoders[s].code(); }
    const scale_encoder& encoder_of(std::size_t s) const noexcept { return m_encoders[s]; }

private:
    void merge()
    {
        m_code.clear();
        const auto atoms = static_cast<std::uint32_t>(m_encoders[0].atoms());
        for (std::size_t s = 0; s < Scales; ++s) {
            for (auto e : m_encoders[s].code().events()) {
                e.atom += static_cast<std::uint32_t>(s) * atoms;
                e.row <<= s;
                e.col <<= s;
                m_code.push_back(e);
            }
        }
    }

    std::vector<scale_encoder> m_encoders;
    std::array<xt::xtensor<T, 2>, Scales - 1> m_images;
    sparse_code<T> m_code;
};

} // namespace hsc
