// What every part of the Python module shares: numpy arrays in and out of hsc's types.
//
// The Python layer (python/hsc/*.py) checks dtype, dimensions and contiguity first and names the
// argument in its message; these functions receive arrays that already passed, so array_t's
// conversion is a no-op (no copy) and the checks here only guard the C++ side.
#pragma once

#include <hsc/hsc.hpp>

#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h> // in every part: type casters must agree across translation units

#include <xtensor/xadapt.hpp>
#include <xtensor/xtensor.hpp>

#include <array>
#include <cstring>
#include <span>
#include <string>
#include <vector>

namespace hsc::python {

namespace py = pybind11;

/// A C-contiguous numpy array of T; a mismatch fails the call with pybind11's TypeError.
template <class T>
using array = py::array_t<T, py::array::c_style>;

/// Fails with hsc's invalid_argument unless `a` has `rank` dimensions.
template <class T>
void require_rank(const array<T>& a, py::ssize_t rank, const char* what)
{
    require(a.ndim() == rank, errc::invalid_argument, [&] {
        return std::string(what) + ": expected " + std::to_string(rank) + " dimensions, got " +
               std::to_string(a.ndim());
    });
}

/// The extent of dimension `d`, as std::size_t.
template <class T>
std::size_t extent(const array<T>& a, py::ssize_t d)
{
    return static_cast<std::size_t>(a.shape(d));
}

/// A copy of a numpy array as an xtensor of rank N (hsc's functions that take containers).
template <class T, std::size_t N>
xt::xtensor<T, N> to_xtensor(const array<T>& a, const char* what)
{
    require_rank(a, static_cast<py::ssize_t>(N), what);
    std::array<std::size_t, N> shape{};
    for (std::size_t d = 0; d < N; ++d) shape[d] = extent(a, static_cast<py::ssize_t>(d));
    xt::xtensor<T, N> result(shape);
    if (result.size()) std::memcpy(result.data(), a.data(), result.size() * sizeof(T));
    return result;
}

/// A new numpy array with the contents of an xtensor.
template <class T, std::size_t N>
array<T> to_numpy(const xt::xtensor<T, N>& x)
{
    std::vector<py::ssize_t> shape(x.shape().begin(), x.shape().end());
    array<T> result(shape);
    if (x.size()) std::memcpy(result.mutable_data(), x.data(), x.size() * sizeof(T));
    return result;
}

/// A new one-dimensional numpy array with the contents of a vector.
template <class T, class U = T>
array<T> to_numpy(const std::vector<U>& v)
{
    array<T> result(static_cast<py::ssize_t>(v.size()));
    for (std::size_t i = 0; i < v.size(); ++i) result.mutable_data()[i] = static_cast<T>(v[i]);
    return result;
}

/// A kernel bank from atoms (K, N, N); the bank checks them (finite, square, no zero atom).
template <class T>
kernel_bank<T> to_bank(const array<T>& atoms)
{
    return kernel_bank<T>(to_xtensor<T, 3>(atoms, "bank atoms"));
}

/// Calls `f(float{})` or `f(double{})` for the dtype named "float32" or "float64".
template <class F>
decltype(auto) with_scalar(const std::string& dtype, F&& f)
{
    require(dtype == "float32" || dtype == "float64", errc::invalid_argument,
            [&] { return "dtype must be float32 or float64, got " + dtype; });
    return dtype == "float32" ? f(float{}) : f(double{});
}

void bind_images(py::module_& m);
void bind_patches(py::module_& m);
void bind_models(py::module_& m);

} // namespace hsc::python
