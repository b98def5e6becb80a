// The sizes an encoder codes with, each known at compile time or hsc::dynamic. Static sizes are
// checked against the bank and image at construction, give the code's shape as a type (so a
// classifier is checked against it by the compiler), and let patch engines keep every buffer in
// fixed arrays.
#pragma once

#include "hsc/fwd.hpp"

#include <cstddef>

namespace hsc {

template <std::size_t K, std::size_t N, std::size_t H, std::size_t W>
struct conv_extents
{
    static constexpr std::size_t atoms = K;     ///< K: atoms in the bank
    static constexpr std::size_t atom_size = N; ///< N: each atom is N×N
    static constexpr std::size_t height = H;    ///< H: image rows
    static constexpr std::size_t width = W;     ///< W: image columns
    /// Whether the code's shape (K, H, W) is known at compile time.
    static constexpr bool static_code = K != dynamic && H != dynamic && W != dynamic;
};

template <std::size_t K, std::size_t N>
struct patch_extents
{
    static constexpr std::size_t atoms = K;  ///< K: atoms in the dictionary
    static constexpr std::size_t length = N; ///< N: values per signal and per atom
    /// Whether every buffer of a patch engine has a compile-time size (no heap).
    static constexpr bool fixed_storage = K != dynamic && N != dynamic;
};

} // namespace hsc
