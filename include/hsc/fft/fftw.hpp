// A real 2-D FFT backend on FFTW3 (float and double), interchangeable with hsc::fft::real_fft_2d.
//
// Optional: it needs <fftw3.h> and linking fftw3f / fftw3, which the CMake target hsc::fftw provides
// when hsc is configured with HSC_WITH_FFTW=ON. FFTW is GPL-2.0-or-later: a program linked with it
// is bound by the GPL (or needs a commercial FFTW licence). hsc itself never requires it.
#pragma once

#include "hsc/config.hpp"

#include <fftw3.h>

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <mutex>
#include <string>
#include <utility>

namespace hsc::fft {

namespace detail {
    template <class T>
    struct fftw_api;

    template <>
    struct fftw_api<float>
    {
        using plan = fftwf_plan;
        using complex = fftwf_complex;
        static void* allocate(std::size_t bytes) { return fftwf_malloc(bytes); }
        static void release(void* p) { fftwf_free(p); }
        static plan r2c(int h, int w, float* in, complex* out, unsigned flags)
        {
            return fftwf_plan_dft_r2c_2d(h, w, in, out, flags);
        }
        static plan c2r(int h, int w, complex* in, float* out, unsigned flags)
        {
            return fftwf_plan_dft_c2r_2d(h, w, in, out, flags);
        }
        static void r2c(plan p, float* in, complex* out) noexcept { fftwf_execute_dft_r2c(p, in, out); }
        static void c2r(plan p, complex* in, float* out) noexcept { fftwf_execute_dft_c2r(p, in, out); }
        static int alignment_of(float* p) noexcept { return fftwf_alignment_of(p); }
        static void destroy(plan p) { fftwf_destroy_plan(p); }
    };

    template <>
    struct fftw_api<double>
    {
        using plan = fftw_plan;
        using complex = fftw_complex;
        static void* allocate(std::size_t bytes) { return fftw_malloc(bytes); }
        static void release(void* p) { fftw_free(p); }
        static plan r2c(int h, int w, double* in, complex* out, unsigned flags)
        {
            return fftw_plan_dft_r2c_2d(h, w, in, out, flags);
        }
        static plan c2r(int h, int w, complex* in, double* out, unsigned flags)
        {
            return fftw_plan_dft_c2r_2d(h, w, in, out, flags);
        }
        static void r2c(plan p, double* in, complex* out) noexcept { fftw_execute_dft_r2c(p, in, out); }
        static void c2r(plan p, complex* in, double* out) noexcept { fftw_execute_dft_c2r(p, in, out); }
        static int alignment_of(double* p) noexcept { return fftw_alignment_of(p); }
        static void destroy(plan p) { fftw_destroy_plan(p); }
    };

    /// FFTW's planner is not thread-safe; executing plans is.
    inline std::mutex& fftw_planner_mutex()
    {
        static std::mutex m;
        return m;
    }
} // namespace detail

/// Half spectrum in FFTW's layout, H × (W/2 + 1) row-major. Plans are measured (FFTW_MEASURE) on
/// the adapter's own aligned buffers; FFTW remembers them, so later adapters of a size plan at once.
/// Images aligned as those buffers (fftw_alignment_of; e.g. hsc's 64-byte aligned work arrays) are
/// read and written in place; others are copied. Spectra always go through the adapter's
/// interleaved buffer (FFTW's split format runs at half the speed here).
/// Measuring picks algorithms by timing, so results may differ in the last bits from one process
/// to the next (hsc's own transform is bit-reproducible).
template <std::floating_point T>
class fftw_real_2d
{
    using api = detail::fftw_api<T>;

public:
    fftw_real_2d(std::size_t height, std::size_t width) : m_h(height), m_w(width), m_half(width / 2 + 1)
    {
        require(height > 0 && width > 0, errc::invalid_argument, [] { return std::string("fftw: empty image"); });
        m_real = static_cast<T*>(api::allocate(sizeof(T) * m_h * m_w));
        m_spec = static_cast<typename api::complex*>(api::allocate(sizeof(typename api::complex) * bins()));
        require(m_real != nullptr && m_spec != nullptr, errc::invalid_argument,
                [] { return std::string("fftw: out of memory for the transform buffers"); });
        const std::lock_guard lock(detail::fftw_planner_mutex());
        const int h = static_cast<int>(m_h), w = static_cast<int>(m_w);
        m_forward = api::r2c(h, w, m_real, m_spec, FFTW_MEASURE);
        m_inverse = api::c2r(h, w, m_spec, m_real, FFTW_MEASURE);
        require(m_forward != nullptr && m_inverse != nullptr, errc::invalid_argument, [&] {
            return "fftw: no plan for a " + std::to_string(m_h) + "x" + std::to_string(m_w) + " real transform";
        });
    }

    fftw_real_2d(const fftw_real_2d&) = delete;
    fftw_real_2d& operator=(const fftw_real_2d&) = delete;
    fftw_real_2d(fftw_real_2d&& other) noexcept
        : m_h(other.m_h), m_w(other.m_w), m_half(other.m_half), m_real(std::exchange(other.m_real, nullptr)),
          m_spec(std::exchange(other.m_spec, nullptr)), m_forward(std::exchange(other.m_forward, nullptr)),
          m_inverse(std::exchange(other.m_inverse, nullptr))
    {}
    fftw_real_2d& operator=(fftw_real_2d&& other) noexcept
    {
        if (this != &other) {
            release();
            m_h = other.m_h, m_w = other.m_w, m_half = other.m_half;
            m_real = std::exchange(other.m_real, nullptr);
            m_spec = std::exchange(other.m_spec, nullptr);
            m_forward = std::exchange(other.m_forward, nullptr);
            m_inverse = std::exchange(other.m_inverse, nullptr);
        }
        return *this;
    }
    ~fftw_real_2d() { release(); }

    std::size_t height() const noexcept { return m_h; }
    std::size_t width() const noexcept { return m_w; }
    std::size_t bins() const noexcept { return m_h * m_half; }
    T bin_weight(std::size_t bin) const noexcept
    {
        const std::size_t k2 = bin % m_half;
        return k2 == 0 || 2 * k2 == m_w ? T(1) : T(2);
    }

    void forward(const T* image, T* spec_re, T* spec_im) noexcept
    {
        // Straight from the caller's image when it is aligned as the planned input (FFTW's
        // new-array execution; an out-of-place r2c leaves its input alone, so the const_cast only
        // meets FFTW's signature), else through the adapter's buffer.
        T* in = const_cast<T*>(image);
        if (!aligned_as(in, m_real)) {
            std::copy(image, image + m_h * m_w, m_real);
            in = m_real;
        }
        api::r2c(m_forward, in, m_spec);
        for (std::size_t b = 0; b < bins(); ++b) {
            spec_re[b] = m_spec[b][0];
            spec_im[b] = m_spec[b][1];
        }
    }

    /// FFTW's real transforms already pack two reals per complex operation: a pair is two calls.
    void forward_pair(const T* a, const T* b, T* a_re, T* a_im, T* b_re, T* b_im) noexcept
    {
        forward(a, a_re, a_im);
        forward(b, b_re, b_im);
    }

    void inverse(const T* spec_re, const T* spec_im, T* image) noexcept
    {
        // The 1/(H·W) goes into the interleaving copy (c2r overwrites m_spec, which is ours); the
        // output goes straight to the caller's image when it is aligned as the planned output.
        const T scale = T(1) / static_cast<T>(m_h * m_w);
        for (std::size_t b = 0; b < bins(); ++b) {
            m_spec[b][0] = spec_re[b] * scale;
            m_spec[b][1] = spec_im[b] * scale;
        }
        if (aligned_as(image, m_real)) {
            api::c2r(m_inverse, m_spec, image);
        } else {
            api::c2r(m_inverse, m_spec, m_real);
            std::copy(m_real, m_real + m_h * m_w, image);
        }
    }

    void inverse_pair(const T* a_re, const T* a_im, const T* b_re, const T* b_im, T* a, T* b) noexcept
    {
        inverse(a_re, a_im, a);
        inverse(b_re, b_im, b);
    }

private:
    /// FFTW's new-array execution needs arrays aligned as the planned ones (FFTW_MEASURE plans
    /// may use aligned vector loads).
    static bool aligned_as(T* p, T* planned) noexcept { return api::alignment_of(p) == api::alignment_of(planned); }

    void release() noexcept
    {
        if (m_forward != nullptr || m_inverse != nullptr) {
            const std::lock_guard lock(detail::fftw_planner_mutex());
            if (m_forward != nullptr) api::destroy(m_forward);
            if (m_inverse != nullptr) api::destroy(m_inverse);
        }
        if (m_real != nullptr) api::release(m_real);
        if (m_spec != nullptr) api::release(m_spec);
        m_forward = m_inverse = nullptr;
        m_real = nullptr;
        m_spec = nullptr;
    }

    std::size_t m_h, m_w, m_half;
    T* m_real = nullptr;
    typename api::complex* m_spec = nullptr;
    typename api::plan m_forward = nullptr, m_inverse = nullptr;
};

} // namespace hsc::fft
