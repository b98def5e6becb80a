#pragma once

#include "hsc/bank/kernel_bank.hpp"
#include "hsc/detail/special_functions.hpp"
#include "hsc/random.hpp"

#include <xtensor/xtensor.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hsc {

/// Atoms of i.i.d. standard normal values, normalized: the initial bank for learning from scratch.
struct random_normal_bank
{
    std::size_t count = 144;
    std::size_t size = 12;
    std::uint64_t seed = 0;
    normalization norm = normalization::l2;

    template <std::floating_point T>
    kernel_bank<T> build() const
    {
        require(count > 0 && size > 0, errc::invalid_argument, [&] {
            return "random_normal_bank: needs count > 0 and size > 0 (got " + std::to_string(count) + ", " +
                   std::to_string(size) + ")";
        });
        random_engine engine(seed);
        const std::size_t per_atom = size * size;
        xt::xtensor<T, 3> atoms({count, size, size});
        std::vector<double> work(per_atom);
        for (std::size_t k = 0; k < count; ++k) {
            for (double& v : work) {
                v = detail::normal_quantile(engine.uniform());
            }
            normalize_atom(work.data(), per_atom, norm);
            std::copy(work.begin(), work.end(), atoms.data() + k * per_atom);
        }
        return kernel_bank<T>(std::move(atoms));
    }
};

} // namespace hsc
