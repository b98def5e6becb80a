// Loops over complex spectra stored as split real / imaginary arrays, bin by bin, as the convex
// coders' frequency-domain steps need them. Each is a function of restrict-qualified arrays so
// that the compiler vectorises it (in place of a lambda over many pointers, which stayed scalar).
#pragma once

#include "hsc/config.hpp"

#include <cstddef>

namespace hsc::detail {

/// acc = d·z (first) or acc += d·z, over n bins.
template <class T>
void multiply_accumulate(bool first, std::size_t n, const T* HSC_RESTRICT d_re, const T* HSC_RESTRICT d_im,
                         const T* HSC_RESTRICT z_re, const T* HSC_RESTRICT z_im, T* HSC_RESTRICT acc_re,
                         T* HSC_RESTRICT acc_im) noexcept
{
    for (std::size_t j = 0; j < n; ++j) {
        const T re = d_re[j] * z_re[j] - d_im[j] * z_im[j];
        const T im = d_re[j] * z_im[j] + d_im[j] * z_re[j];
        acc_re[j] = first ? re : acc_re[j] + re;
        acc_im[j] = first ? im : acc_im[j] + im;
    }
}

/// acc = d·z + e·w (first) or acc += d·z + e·w, over n bins: two maps per pass over acc.
template <class T>
void multiply_accumulate_two(bool first, std::size_t n, const T* HSC_RESTRICT d_re, const T* HSC_RESTRICT d_im,
                             const T* HSC_RESTRICT z_re, const T* HSC_RESTRICT z_im, const T* HSC_RESTRICT e_re,
                             const T* HSC_RESTRICT e_im, const T* HSC_RESTRICT w_re, const T* HSC_RESTRICT w_im,
                             T* HSC_RESTRICT acc_re, T* HSC_RESTRICT acc_im) noexcept
{
    for (std::size_t j = 0; j < n; ++j) {
        const T re = (d_re[j] * z_re[j] - d_im[j] * z_im[j]) + (e_re[j] * w_re[j] - e_im[j] * w_im[j]);
        const T im = (d_re[j] * z_im[j] + d_im[j] * z_re[j]) + (e_re[j] * w_im[j] + e_im[j] * w_re[j]);
        acc_re[j] = first ? re : acc_re[j] + re;
        acc_im[j] = first ? im : acc_im[j] + im;
    }
}

/// z = conj(d)·s + a·z in place, over n bins.
template <class T>
void conj_multiply_add_scaled(std::size_t n, const T* HSC_RESTRICT d_re, const T* HSC_RESTRICT d_im,
                              const T* HSC_RESTRICT s_re, const T* HSC_RESTRICT s_im, T a, T* HSC_RESTRICT z_re,
                              T* HSC_RESTRICT z_im) noexcept
{
    for (std::size_t j = 0; j < n; ++j) {
        const T re = (d_re[j] * s_re[j] + d_im[j] * s_im[j]) + a * z_re[j];
        const T im = (d_re[j] * s_im[j] - d_im[j] * s_re[j]) + a * z_im[j];
        z_re[j] = re;
        z_im[j] = im;
    }
}

/// out = conj(d)·z, over n bins.
template <class T>
void conj_multiply(std::size_t n, const T* HSC_RESTRICT d_re, const T* HSC_RESTRICT d_im, const T* HSC_RESTRICT z_re,
                   const T* HSC_RESTRICT z_im, T* HSC_RESTRICT out_re, T* HSC_RESTRICT out_im) noexcept
{
    for (std::size_t j = 0; j < n; ++j) {
        out_re[j] = d_re[j] * z_re[j] + d_im[j] * z_im[j];
        out_im[j] = d_re[j] * z_im[j] - d_im[j] * z_re[j];
    }
}

/// out = (b − conj(d)·c)·a, over n bins.
template <class T>
void subtract_conj_multiply_scaled(std::size_t n, const T* HSC_RESTRICT b_re, const T* HSC_RESTRICT b_im,
                                   const T* HSC_RESTRICT d_re, const T* HSC_RESTRICT d_im, const T* HSC_RESTRICT c_re,
                                   const T* HSC_RESTRICT c_im, T a, T* HSC_RESTRICT out_re,
                                   T* HSC_RESTRICT out_im) noexcept
{
    for (std::size_t j = 0; j < n; ++j) {
        const T re = d_re[j] * c_re[j] + d_im[j] * c_im[j];
        const T im = d_re[j] * c_im[j] - d_im[j] * c_re[j];
        out_re[j] = (b_re[j] - re) * a;
        out_im[j] = (b_im[j] - im) * a;
    }
}

} // namespace hsc::detail
