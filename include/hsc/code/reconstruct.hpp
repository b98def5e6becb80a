// Synthesis: the image a sparse code stands for.
#pragma once

#include "hsc/bank/kernel_bank.hpp"
#include "hsc/code/sparse_code.hpp"
#include "hsc/simd/correlate.hpp"
#include "hsc/simd/kernels.hpp"

#include <xtensor/xtensor.hpp>

#include <cstddef>
#include <string>

namespace hsc {

/// Where an atom sits relative to its code position. Circular: atom anchored at its top-left
/// corner, wrapping around the image (CBPDN's convention: the reconstruction is
/// Σ_k circular_conv(code_k, atom_k zero-padded at the top-left)). Zero: atom centred on the
/// position (anchor N/2), pixels outside the image dropped ("same" convolution with zero padding).
inline std::size_t atom_anchor(std::size_t atom_size, boundary mode) noexcept
{
    return mode == boundary::circular ? 0 : atom_size / 2;
}

/// Adds value · atom placed at (row, col) to an h×w image, following `mode`.
template <class T>
void add_atom(T* image, std::size_t h, std::size_t w, const T* atom, std::size_t n, std::size_t row, std::size_t col,
              T value, boundary mode) noexcept
{
    const auto anchor = static_cast<std::ptrdiff_t>(atom_anchor(n, mode));
    const auto hh = static_cast<std::ptrdiff_t>(h);
    const auto ww = static_cast<std::ptrdiff_t>(w);
    for (std::size_t u = 0; u < n; ++u) {
        std::ptrdiff_t r = static_cast<std::ptrdiff_t>(row + u) - anchor;
        if (mode == boundary::circular) {
            r %= hh;
        } else if (r < 0 || r >= hh) {
            continue;
        }
        T* dst = image + r * ww;
        const T* src = atom + u * n;
        const std::ptrdiff_t c0 = static_cast<std::ptrdiff_t>(col) - anchor;
        if (mode == boundary::circular) {
            // At most two contiguous runs: up to the right edge, then wrapped to the left.
            const std::ptrdiff_t start = c0 % ww;
            const std::ptrdiff_t first = std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(n), ww - start);
            simd::axpy(value, src, dst + start, static_cast<std::size_t>(first));
            simd::axpy(value, src + first, dst, n - static_cast<std::size_t>(first));
        } else {
            const std::ptrdiff_t lo = std::max<std::ptrdiff_t>(0, -c0);
            const std::ptrdiff_t hi = std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(n), ww - c0);
            if (hi > lo) simd::axpy(value, src + lo, dst + c0 + lo, static_cast<std::size_t>(hi - lo));
        }
    }
}

/// The image Σ events value · atom, of the code's height and width, each atom placed by the code's
/// boundary.
template <class T>
xt::xtensor<T, 2> reconstruct(const sparse_code<T>& code, const kernel_bank<T>& bank)
{
    const auto& s = code.geometry();
    require(s.atoms == bank.size() && bank.atom_size() <= s.height && bank.atom_size() <= s.width,
            errc::invalid_argument, [&] {
                return "reconstruct: code of " + std::to_string(s.atoms) + " atoms on " + std::to_string(s.height) +
                       "x" + std::to_string(s.width) + " does not fit a bank of " + std::to_string(bank.size()) +
                       " atoms of size " + std::to_string(bank.atom_size());
            });
    xt::xtensor<T, 2> image({s.height, s.width}, T(0));
    for (const auto& e : code.events()) {
        require(e.atom < s.atoms && e.row < s.height && e.col < s.width, errc::invalid_argument,
                [&] { return "reconstruct: event outside the code shape (atom " + std::to_string(e.atom) + ")"; });
        add_atom(image.data(), s.height, s.width, bank.atom(e.atom), bank.atom_size(), e.row, e.col, e.value,
                 s.boundary);
    }
    return image;
}

/// Reconstruction from dense maps (K, H, W), which do not carry their boundary.
template <class T>
xt::xtensor<T, 2> reconstruct(const xt::xtensor<T, 3>& dense, const kernel_bank<T>& bank, boundary mode)
{
    return reconstruct(sparse_code<T>::from_dense(dense, mode), bank);
}

} // namespace hsc
