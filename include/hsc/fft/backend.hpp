// The contract of a real 2-D FFT backend (hsc::fft::real_fft_2d, hsc::fft::fftw_real_2d): the convex
// coders take one as a policy. A backend owns its buffers and plans for one image size; the layout
// of its half spectrum is its own, since the coders only work bin by bin.
#pragma once

#include <concepts>
#include <cstddef>

namespace hsc::fft {

template <class F, class T>
concept RealFft2d = std::floating_point<T> && std::constructible_from<F, std::size_t, std::size_t> &&
    std::move_constructible<F> && requires(F& f, const F& c, const T* in, T* out, std::size_t bin)
{
    /// Complex values in the half spectrum.
    {
        c.bins()
        } -> std::same_as<std::size_t>;
    /// How many bins of the full spectrum a stored bin stands for (1 or 2), for Parseval sums.
    {
        c.bin_weight(bin)
        } -> std::same_as<T>;
    /// Unnormalised forward transform of a row-major image, split real / imaginary output.
    {
        f.forward(in, out, out)
    }
    noexcept;
    {
        f.forward_pair(in, in, out, out, out, out)
    }
    noexcept;
    /// Normalised inverse: inverse(forward(x)) = x.
    {
        f.inverse(in, in, out)
    }
    noexcept;
    {
        f.inverse_pair(in, in, in, in, out, out)
    }
    noexcept;
};

} // namespace hsc::fft
