// Sparse codes of an image: a list of coefficient events (atom, row, col, value), convertible to
// and from dense maps (K, H, W). MP emits events in order of selection, a rank-order code.
#pragma once

#include "hsc/config.hpp"

#include <xtensor/xtensor.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <unordered_map>
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

/// One spike of an address-event stream: the address of a coefficient ((atom·H + row)·W + col)
/// and its sign. In a rank-order code the information is in the order of the spikes.
struct address_event
{
    std::uint32_t address;
    bool positive;
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

    /// The events as a table (E, 4) of atom, row, col, value, in emission order: the coordinate
    /// list as one array (for NPY export).
    xt::xtensor<T, 2> to_table() const
    {
        xt::xtensor<T, 2> table({m_events.size(), std::size_t{4}});
        for (std::size_t i = 0; i < m_events.size(); ++i) {
            table(i, 0) = static_cast<T>(m_events[i].atom);
            table(i, 1) = static_cast<T>(m_events[i].row);
            table(i, 2) = static_cast<T>(m_events[i].col);
            table(i, 3) = m_events[i].value;
        }
        return table;
    }

    /// The events as an address-event stream, in their current order (call sort_by_magnitude()
    /// first for a rank-order code).
    std::vector<address_event> to_address_events() const
    {
        std::vector<address_event> stream;
        stream.reserve(m_events.size());
        for (const auto& e : m_events) {
            const auto address = (static_cast<std::size_t>(e.atom) * m_shape.height + e.row) * m_shape.width + e.col;
            stream.push_back({static_cast<std::uint32_t>(address), e.value > T(0)});
        }
        return stream;
    }

    /// The same code with the events of each position summed into one (kept where the position
    /// first occurs) and exact zeros dropped: one event per nonzero coefficient, without building
    /// the dense maps.
    sparse_code merged() const
    {
        sparse_code result(m_shape);
        std::unordered_map<std::size_t, std::size_t> slot; // position → index in result
        for (const auto& e : m_events) {
            const std::size_t key = (static_cast<std::size_t>(e.atom) * m_shape.height + e.row) * m_shape.width + e.col;
            const auto [it, inserted] = slot.try_emplace(key, result.m_events.size());
            if (inserted) {
                result.m_events.push_back(e);
            } else {
                result.m_events[it->second].value += e.value;
            }
        }
        std::erase_if(result.m_events, [](const auto& e) { return e.value == T(0); });
        return result;
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
