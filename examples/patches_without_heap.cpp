// Patch coding for a small device: sizes fixed at compile time, so the dictionary, its Gram matrix
// and every buffer live inside the encoder object; encode_unchecked() is noexcept and allocates
// nothing. Builds with -fno-exceptions -fno-rtti (the tests build it so).
#include <hsc/encoder/encoder.hpp>
#include <hsc/solver/fista.hpp>
#include <hsc/solver/omp.hpp>

#include <array>
#include <cmath>
#include <cstdio>

namespace {

constexpr std::size_t atoms = 32, length = 16;
using extents = hsc::patch_extents<atoms, length>;

/// A fixed dictionary: 16 unit impulses and 16 unit steps.
std::array<float, atoms * length> make_dictionary()
{
    std::array<float, atoms * length> d{};
    for (std::size_t k = 0; k < length; ++k) d[k * length + k] = 1.0f;
    for (std::size_t k = 0; k < length; ++k)
        for (std::size_t i = k; i < length; ++i)
            d[(length + k) * length + i] = 1.0f / std::sqrt(static_cast<float>(length - k));
    return d;
}

} // namespace

int main()
{
    static const auto dictionary = make_dictionary();
    // Static storage: the encoders hold K·N + K·K floats and their buffers, nothing on the heap.
    static hsc::encoder<float, hsc::solver::omp, extents> omp(dictionary, {.options = {.max_atoms = 2}});
    static hsc::encoder<float, hsc::solver::fista, extents> lasso(dictionary,
                                                                  {.options = {.problem = {.lambda = 0.05}}});
    std::array<float, length> signal{};
    for (std::size_t i = 4; i < length; ++i) signal[i] = 2.0f; // a step of height 2 at sample 4
    signal[9] += 1.0f;                                         // and a spike at sample 9
    std::array<float, atoms> code{};
    const auto report = omp.encode_unchecked(signal.data(), code.data());
    std::printf("OMP: %zu atoms: step %.3f, spike %.3f\n", report.selections, static_cast<double>(code[length + 4]),
                static_cast<double>(code[9]));
    lasso.encode_unchecked(signal.data(), code.data());
    std::size_t nonzeros = 0;
    for (const float c : code) nonzeros += c != 0.0f;
    std::printf("lasso: %zu nonzeros\n", nonzeros);
    return report.selections == 2 ? 0 : 1;
}
