// Sparse codes of an image: a list of coefficient events (atom, row, col, value), convertible to
// and from dense maps (K, H, W). MP emits events in order of selection, a rank-order code.
#pragma once

#include "hsc/config.hpp"

#include <xtensor/xtensor.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace hsc {

/// One coefficient: `value` times atom `atom` placed at (row, col). Placement follows the coder's
/// boundary convention (see hsc::code_geometry).
template <class T>
struct code_event
{
    std::uint32_t atom;
    std::uint32_t row;
    std::uint32_t col;
    T value;
};

/// Shape of the dense form: K atoms × H × W positions.
struct code_shape
{
    std::size_t atoms = 0;
    std::size_t height = 0;
    std::size_t width = 0;

    std::size_t size() const noexcept { return atoms * height * width; }
};

/// Events in emission order. The same (atom, row, col) may occur more than once (MP can pick a
/// position again); the dense form sums them.
template <class T>
class sparse_code
{
public:
    sparse_code() = default;
    explicit sparse_code(code_shape shape) : m_shape(shape) {}

    const code_shape& shape() const noexcept { return m_shape; }
    const std::vector<code_event<T>>& events() const noexcept { return m_events; }
    std::vector<code_event<T>>& events() noexcept { return m_events; }

    /// Reorders the events by decreasing |value| (stable): the rank-order code.
    void sort_by_magnitude()
    {
        std::stable_sort(m_events.begin(), m_events.end(),
                         [](const auto& a, const auto& b) { return std::fabs(a.value) > std::fabs(b.value); });
    }

    /// Dense maps (K, H, W) with repeated events summed.
    xt::xtensor<T, 3> to_dense() const
    {
        xt::xtensor<T, 3> dense({m_shape.atoms, m_shape.height, m_shape.width}, T(0));
        for (const auto& e : m_events) dense(e.atom, e.row, e.col) += e.value;
        return dense;
    }

    /// The nonzero entries of dense maps, in (atom, row, col) order.
    static sparse_code from_dense(const xt::xtensor<T, 3>& dense)
    {
        sparse_code code({dense.shape()[0], dense.shape()[1], dense.shape()[2]});
        for (std::size_t k = 0; k < dense.shape()[0]; ++k)
            for (std::size_t i = 0; i < dense.shape()[1]; ++i)
                for (std::size_t j = 0; j < dense.shape()[2]; ++j)
                    if (dense(k, i, j) != T(0))
                        code.m_events.push_back({static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(i),
                                                 static_cast<std::uint32_t>(j), dense(k, i, j)});
        return code;
    }

private:
    code_shape m_shape;
    std::vector<code_event<T>> m_events;
};

} // namespace hsc
