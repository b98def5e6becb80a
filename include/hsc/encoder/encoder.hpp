// The encoder host: one type for every coder, parametrised by scalar type, solver policy and
// extents. It names no solver: the policy gives the engine for the extents (hsc::Solver), the host
// validates inputs, checks static sizes, and offers the same calls for every engine.
#pragma once

#include "hsc/bank/kernel_bank.hpp"
#include "hsc/code/boundary.hpp"
#include "hsc/code/sparse_code.hpp"
#include "hsc/concepts.hpp"
#include "hsc/config.hpp"
#include "hsc/detail/checked_values.hpp"
#include "hsc/encoder/extents.hpp"
#include "hsc/solver/mp.hpp" // the default policy
#include "hsc/solver/report.hpp"

#include <xtensor/xtensor.hpp>

#include <cmath>
#include <span>
#include <string>
#include <type_traits>

namespace hsc {

namespace detail {
    /// Fails unless `actual` matches the compile-time size `expected` (hsc::dynamic matches all).
    inline void check_extent(std::size_t expected, std::size_t actual, const char* what)
    {
        require(expected == dynamic || expected == actual, errc::invalid_argument, [&] {
            return std::string("encoder: ") + what + " is " + std::to_string(actual) + ", the extents fix it at " +
                   std::to_string(expected);
        });
    }
} // namespace detail

/// Codes images (conv_extents: a kernel bank, a sparse_code per image) or short signals
/// (patch_extents: a dense dictionary of K rows of N values, K coefficients per signal) with the
/// solver policy SolverPolicy (hsc::solver::mp, omp, fista, admm). Construction validates and
/// allocates everything (nothing at all for patch engines with static extents); encode() validates
/// its input and runs the engine; encode_unchecked() is the hot path: noexcept, no checks, no
/// allocation (the convex image coders excepted at the very end: their event list grows if the code
/// has more nonzeros than reserved).
template <std::floating_point T, class SolverPolicy, class Extents>
class encoder
{
    static_assert(ConvExtents<Extents> || PatchExtents<Extents>,
                  "hsc::encoder: Extents must be hsc::conv_extents<K, N, H, W> or hsc::patch_extents<K, N>");
    static_assert(
        requires { sizeof(SolverPolicy); },
        "hsc::encoder: SolverPolicy is an incomplete type: include its header (hsc/solver/omp.hpp, "
        "fista.hpp or admm.hpp)");
    static_assert(Solver<SolverPolicy, T, Extents>,
                  "hsc::encoder: SolverPolicy is not a solver policy (hsc::Solver), such as hsc::solver::mp");

public:
    using scalar = T;
    using solver_type = SolverPolicy;
    using extents_type = Extents;
    using engine_type = typename SolverPolicy::template engine<T, Extents>;
    static_assert(!std::is_same_v<engine_type, no_engine>,
                  "hsc::encoder: this solver has no engine for these extents (solver::admm codes whole images only: "
                  "use solver::fista for the lasso of patches)");

    /// Images of height × width coded with `bank` (whose size and atom size must match any static
    /// extents).
    encoder(const kernel_bank<T>& bank, std::size_t height, std::size_t width, boundary mode = boundary::circular,
            const SolverPolicy& solver = {}) requires ConvExtents<Extents>
        : m_atoms(checked_bank(bank)),
          m_length(bank.atom_size()),
          m_height(height),
          m_width(width),
          m_engine(bank, checked(height, Extents::height, "the image height"),
                   checked(width, Extents::width, "the image width"), mode, solver)
    {}

    /// Images of the extents' static height × width.
    explicit encoder(const kernel_bank<T>& bank, boundary mode = boundary::circular,
                     const SolverPolicy& solver = {}) requires(ConvExtents<Extents>&& Extents::height != dynamic &&
                                                               Extents::width != dynamic)
        : encoder(bank, Extents::height, Extents::width, mode, solver)
    {}

    /// Signals of `length` values coded over `dictionary`: K rows of `length` values, one atom per
    /// row. The engine copies the dictionary.
    encoder(std::span<const T> dictionary, std::size_t length,
            const SolverPolicy& solver = {}) requires PatchExtents<Extents>
        : m_atoms(checked_dictionary(dictionary, length)),
          m_length(length),
          m_engine(dictionary.data(), m_atoms, length, solver)
    {}

    /// Signals of the extents' static length.
    explicit encoder(std::span<const T> dictionary,
                     const SolverPolicy& solver = {}) requires(PatchExtents<Extents>&& Extents::length != dynamic)
        : encoder(dictionary, Extents::length, solver)
    {}

    /// A bank's K atoms of n×n as a dictionary of K rows of n² values (patches of n×n, row-major).
    explicit encoder(const kernel_bank<T>& bank, const SolverPolicy& solver = {}) requires PatchExtents<Extents>
        : encoder(std::span<const T>(bank.atoms().data(), bank.atoms().size()), bank.atom_size() * bank.atom_size(),
                  solver)
    {}

    /// A dictionary given as a (K, N) tensor.
    explicit encoder(const xt::xtensor<T, 2>& dictionary,
                     const SolverPolicy& solver = {}) requires PatchExtents<Extents>
        : encoder(std::span<const T>(dictionary.data(), dictionary.size()), dictionary.shape()[1], solver)
    {}

    /// Codes an image of the encoder's size after checking its size and that every pixel is finite.
    encode_report encode(const xt::xtensor<T, 2>& image) requires ConvExtents<Extents>
    {
        return encode(std::span<const T>(image.data(), image.size()), image.shape()[0], image.shape()[1]);
    }

    /// Codes an image held elsewhere (a numpy array, a camera buffer): height × width pixels,
    /// row-major and contiguous, read in place, after the same checks.
    encode_report encode(std::span<const T> pixels, std::size_t height, std::size_t width) requires ConvExtents<Extents>
    {
        require(height == m_height && width == m_width, errc::invalid_argument, [&] {
            return "encoder: image is " + std::to_string(height) + "x" + std::to_string(width) +
                   ", this encoder codes " + std::to_string(m_height) + "x" + std::to_string(m_width);
        });
        require(pixels.size() == height * width, errc::invalid_argument, [&] {
            return "encoder: an image of " + std::to_string(height) + "x" + std::to_string(width) + " has " +
                   std::to_string(height * width) + " pixels, got " + std::to_string(pixels.size());
        });
        const std::size_t bad = detail::first_unusable(pixels.data(), pixels.size());
        require(bad == pixels.size(), errc::invalid_argument, [&] {
            return "encoder: pixel (" + std::to_string(bad / m_width) + ", " + std::to_string(bad % m_width) + ") " +
                   detail::unusable_reason(pixels[bad], pixels.size());
        });
        return m_engine.encode(pixels.data());
    }

    /// For callers who validated the image themselves: no checks, no allocation.
    encode_report encode_unchecked(const T* image) noexcept requires ConvExtents<Extents>
    {
        return m_engine.encode(image);
    }

    /// The code of the last image.
    const sparse_code<T>& code() const noexcept requires ConvExtents<Extents> { return m_engine.code(); }

    /// Codes one signal into `coefficients` after checking both sizes and that the signal is finite.
    encode_report encode(std::span<const T> signal, std::span<T> coefficients) requires PatchExtents<Extents>
    {
        require(signal.size() == m_length && coefficients.size() == m_atoms, errc::invalid_argument, [&] {
            return "encoder: a signal of " + std::to_string(signal.size()) + " values into " +
                   std::to_string(coefficients.size()) + " coefficients; this encoder codes " +
                   std::to_string(m_length) + " values into " + std::to_string(m_atoms);
        });
        const std::size_t bad = detail::first_unusable(signal.data(), signal.size());
        require(bad == signal.size(), errc::invalid_argument, [&] {
            return "encoder: signal value " + std::to_string(bad) + " " +
                   detail::unusable_reason(signal[bad], signal.size());
        });
        return m_engine.encode(signal.data(), coefficients.data());
    }

    /// Codes every row of `signals` (S, N) into the rows of the result (S, K).
    xt::xtensor<T, 2> encode(const xt::xtensor<T, 2>& signals) requires PatchExtents<Extents>
    {
        require(signals.shape()[1] == m_length, errc::invalid_argument, [&] {
            return "encoder: signals have " + std::to_string(signals.shape()[1]) + " values, atoms have " +
                   std::to_string(m_length);
        });
        for (std::size_t i = 0; i < signals.shape()[0]; ++i) { // each signal is coded on its own
            const T* signal = signals.data() + i * m_length;
            const std::size_t bad = detail::first_unusable(signal, m_length);
            require(bad == m_length, errc::invalid_argument, [&] {
                return "encoder: value " + std::to_string(bad) + " of signal " + std::to_string(i) + " " +
                       detail::unusable_reason(signal[bad], m_length);
            });
        }
        xt::xtensor<T, 2> codes({signals.shape()[0], m_atoms});
        for (std::size_t i = 0; i < signals.shape()[0]; ++i)
            m_engine.encode(signals.data() + i * m_length, codes.data() + i * m_atoms);
        return codes;
    }

    /// For callers who validated the signal themselves: no checks, no allocation.
    encode_report encode_unchecked(const T* signal, T* coefficients) noexcept requires PatchExtents<Extents>
    {
        return m_engine.encode(signal, coefficients);
    }

    /// Codes the next images with other atoms of the same count and size (dictionary learning),
    /// in the buffers the encoder has.
    void set_bank(const kernel_bank<T>& bank) requires ConvExtents<Extents>
    {
        require(bank.size() == m_atoms && bank.atom_size() == m_length, errc::invalid_argument, [&] {
            return "encoder: set_bank needs " + std::to_string(m_atoms) + " atoms of " + std::to_string(m_length) +
                   "x" + std::to_string(m_length) + ", got " + std::to_string(bank.size()) + " of " +
                   std::to_string(bank.atom_size());
        });
        m_engine.set_bank(bank);
    }

    /// Codes the next signals over another dictionary of the same sizes.
    void set_bank(std::span<const T> dictionary) requires PatchExtents<Extents>
    {
        require(dictionary.size() == m_atoms * m_length, errc::invalid_argument, [&] {
            return "encoder: set_bank needs " + std::to_string(m_atoms * m_length) + " values, got " +
                   std::to_string(dictionary.size());
        });
        checked_dictionary(dictionary, m_length); // finite, usable magnitudes, no zero atom
        m_engine.set_bank(dictionary.data());
    }

    std::size_t atoms() const noexcept { return m_atoms; }
    /// N: the atoms' side (conv) or the signals' length (patch).
    std::size_t atom_size() const noexcept { return m_length; }
    std::size_t height() const noexcept requires ConvExtents<Extents> { return m_height; }
    std::size_t width() const noexcept requires ConvExtents<Extents> { return m_width; }

    const engine_type& engine() const noexcept { return m_engine; }
    engine_type& engine() noexcept { return m_engine; }

private:
    static std::size_t checked(std::size_t actual, std::size_t expected, const char* what)
    {
        detail::check_extent(expected, actual, what);
        return actual;
    }

    static std::size_t checked_bank(const kernel_bank<T>& bank)
    {
        detail::check_extent(Extents::atom_size, bank.atom_size(), "the bank's atom size");
        return checked(bank.size(), Extents::atoms, "the bank's atom count");
    }

    static std::size_t checked_dictionary(std::span<const T> dictionary, std::size_t length)
    {
        require(length > 0 && !dictionary.empty() && dictionary.size() % length == 0, errc::invalid_argument, [&] {
            return "encoder: a dictionary of " + std::to_string(dictionary.size()) +
                   " values is not a whole number of atoms of " + std::to_string(length);
        });
        checked(length, Extents::length, "the signal length");
        detail::require_usable_atoms(dictionary.data(), dictionary.size() / length, length, "encoder");
        return checked(dictionary.size() / length, Extents::atoms, "the dictionary's atom count");
    }

    std::size_t m_atoms, m_length, m_height = 0, m_width = 0;
    engine_type m_engine;
};

} // namespace hsc
