// Sparse codes of an image: a list of coefficient events (atom, row, col, value) with the geometry
// they live in (atoms, height, width, boundary), convertible to and from dense maps (K, H, W). MP
// emits events in order of selection, a rank-order code.
#pragma once

#include "hsc/code/boundary.hpp"
#include "hsc/config.hpp"
#include "hsc/fwd.hpp"

#include <xtensor/xtensor.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hsc {

/// One coefficient: `value` times atom `atom` placed at (row, col). Placement follows the code's
/// boundary (see hsc::code_geometry).
template <class T>
struct code_event
{
    std::uint32_t atom;
    std::uint32_t row;
    std::uint32_t col;
    T value;
};

/// Where a code's events live: K atoms × H × W positions (the dense form's shape), and the boundary
/// that places an atom relative to its position, so that reconstruct(code, bank) needs nothing else.
struct code_geometry
{
    std::size_t atoms = 0;
    std::size_t height = 0;
    std::size_t width = 0;
    hsc::boundary boundary = hsc::boundary::circular;

    std::size_t size() const noexcept { return atoms * height * width; }
    /// Flat index of (atom, row, col) in the dense form.
    std::size_t index(std::size_t atom, std::size_t row, std::size_t col) const noexcept
    {
        return (atom * height + row) * width + col;
    }
    bool operator==(const code_geometry&) const = default;
};

/// One spike of an address-event stream: the address of a coefficient ((atom·H + row)·W + col)
/// and its sign. In a rank-order code the information is in the order of the spikes.
struct address_event
{
    std::uint32_t address;
    bool positive;
};

/// Events in emission order. The same (atom, row, col) may occur more than once (MP can pick a
/// position again); the dense form sums them. A code knows whether it is merged (at most one
/// nonzero event per position), so that merging, counting nonzeros and pruning a merged code cost
/// no hash map.
template <class T>
class sparse_code
{
public:
    sparse_code() = default;
    explicit sparse_code(code_geometry geometry) : m_geometry(geometry) {}
    /// A code of the given events (not known to be merged).
    sparse_code(code_geometry geometry, std::vector<code_event<T>> events)
        : m_geometry(geometry), m_events(std::move(events)), m_merged(m_events.empty())
    {}

    const code_geometry& geometry() const noexcept { return m_geometry; }
    const std::vector<code_event<T>>& events() const noexcept { return m_events; }

    /// Appends an event; the code is no longer known to be merged.
    void push_back(const code_event<T>& event)
    {
        m_events.push_back(event);
        m_merged = false;
    }
    /// Appends an event at a position that has none yet, with a nonzero value (the caller's
    /// promise): the code stays merged. For coders that emit each position once.
    void push_back_distinct(const code_event<T>& event)
    {
        HSC_ASSERT(event.value != T(0));
        m_events.push_back(event);
    }
    /// The value of event i, to change in place (a coder re-fitting its support); the code is no
    /// longer known to be merged.
    T& value(std::size_t i) noexcept
    {
        m_merged = false;
        return m_events[i].value;
    }
    void clear() noexcept
    {
        m_events.clear();
        m_merged = true;
    }
    void reserve(std::size_t events) { m_events.reserve(events); }
    /// Keeps the events for which `keep(event)` is true (a merged code stays merged).
    template <class Predicate>
    void keep_if(Predicate keep)
    {
        std::erase_if(m_events, [&](const code_event<T>& e) { return !keep(e); });
    }
    /// Whether every position has at most one event, and none is zero.
    bool is_merged() const noexcept { return m_merged; }

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
            const auto address = m_geometry.index(e.atom, e.row, e.col);
            stream.push_back({static_cast<std::uint32_t>(address), e.value > T(0)});
        }
        return stream;
    }

    /// The same code with the events of each position summed into one (kept where the position
    /// first occurs) and exact zeros dropped: one event per nonzero coefficient, without building
    /// the dense maps. A merged code is returned as it is.
    sparse_code merged() const
    {
        if (m_merged) return *this;
        sparse_code result(m_geometry);
        std::unordered_map<std::size_t, std::size_t> slot; // position → index in result
        for (const auto& e : m_events) {
            const std::size_t key = m_geometry.index(e.atom, e.row, e.col);
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
        xt::xtensor<T, 3> dense({m_geometry.atoms, m_geometry.height, m_geometry.width}, T(0));
        for (const auto& e : m_events) dense(e.atom, e.row, e.col) += e.value;
        return dense;
    }

    /// The nonzero entries of dense maps, in (atom, row, col) order: a merged code.
    static sparse_code from_dense(const xt::xtensor<T, 3>& dense, hsc::boundary mode)
    {
        sparse_code code({dense.shape()[0], dense.shape()[1], dense.shape()[2], mode});
        for (std::size_t k = 0; k < dense.shape()[0]; ++k)
            for (std::size_t i = 0; i < dense.shape()[1]; ++i)
                for (std::size_t j = 0; j < dense.shape()[2]; ++j)
                    if (dense(k, i, j) != T(0))
                        code.m_events.push_back({static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(i),
                                                 static_cast<std::uint32_t>(j), dense(k, i, j)});
        return code;
    }

private:
    code_geometry m_geometry;
    std::vector<code_event<T>> m_events;
    bool m_merged = true;
};

} // namespace hsc
