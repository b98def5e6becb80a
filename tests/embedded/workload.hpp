// What the Cortex-M7 firmware computes, and the build machine computes the same way to give it its
// expected values: 8×8 patches coded by a fixed-size OMP over 64 atoms, the codes classified by a
// fixed-size network. Everything is generated from one integer generator (identical on both
// machines, unlike the floating-point draws of <random>) and lives in static storage: no heap.
#pragma once

#include <hsc/encoder/encoder.hpp>
#include <hsc/nn/layers.hpp>
#include <hsc/nn/sequential.hpp>
#include <hsc/solver/omp.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>

namespace workload {

constexpr std::size_t atoms = 64, length = 64, patches = 16, support = 4, classes = 4, hidden = 16;

using extents = hsc::patch_extents<atoms, length>;
using coder = hsc::encoder<float, hsc::solver::omp, extents>;
using network = hsc::nn::sequential<hsc::nn::dense<atoms, hidden>, hsc::nn::relu<hsc::nn::shape<hidden>>,
                                    hsc::nn::dense<hidden, classes>>;

/// A 32-bit xorshift: the same sequence on every machine.
struct generator
{
    std::uint32_t state;
    std::uint32_t next() noexcept
    {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state;
    }
    /// Uniform in [-1, 1), exactly representable (24 bits).
    float uniform() noexcept { return static_cast<float>(static_cast<int>(next() >> 8) - (1 << 23)) / (1 << 23); }
};

/// Unit-norm atoms, one per row.
inline void make_dictionary(std::span<float, atoms * length> dictionary) noexcept
{
    generator g{0x1234567u};
    for (std::size_t k = 0; k < atoms; ++k) {
        float* atom = dictionary.data() + k * length;
        double energy = 0;
        for (std::size_t i = 0; i < length; ++i) {
            atom[i] = g.uniform();
            energy += static_cast<double>(atom[i]) * atom[i];
        }
        const float scale = static_cast<float>(1 / std::sqrt(energy));
        for (std::size_t i = 0; i < length; ++i) atom[i] *= scale;
    }
}

/// Patch p: three atoms with well separated weights, plus a little noise.
inline void make_patch(std::span<const float, atoms * length> dictionary, std::size_t p,
                       std::span<float, length> patch) noexcept
{
    generator g{0x9e3779b9u + static_cast<std::uint32_t>(p) * 7919u};
    for (std::size_t i = 0; i < length; ++i) patch[i] = 0.01f * g.uniform();
    const float weights[3] = {3.f, -2.f, 1.f};
    for (const float w : weights) {
        const std::size_t k = g.next() % atoms;
        for (std::size_t i = 0; i < length; ++i) patch[i] += w * dictionary[k * length + i];
    }
}

inline void make_network(network& net) noexcept
{
    generator g{0xc0ffee11u};
    for (auto& v : net.layer<0>().parameters) v = 0.3f * g.uniform();
    for (auto& v : net.layer<2>().parameters) v = 0.3f * g.uniform();
}

/// What one patch gives: its code's support size, the code, the logits and the class.
struct result
{
    std::size_t selections;
    std::array<float, atoms> code;
    std::array<float, classes> logits;
    std::size_t label;
};

inline result run(coder& omp, network& net, std::span<const float, atoms * length> dictionary, std::size_t p) noexcept
{
    std::array<float, length> patch{};
    make_patch(dictionary, p, patch);
    result r{};
    r.selections = omp.encode_unchecked(patch.data(), r.code.data()).selections;
    net.forward(r.code.data(), r.logits.data());
    r.label = net.predict(r.code.data());
    return r;
}

} // namespace workload
