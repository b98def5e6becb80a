// Test tool, two forms:
//   compare_npy ACTUAL.npy EXPECTED.npy INDEX TOLERANCE
//     ACTUAL is a (K, N, N) bank written by `hsc bank`; EXPECTED a stack of banks (B, K, N, N) of
//     which INDEX is compared.
//   compare_npy ACTUAL.npy EXPECTED.npy TOLERANCE
//     two 2-D arrays of the same shape (e.g. patch codes (S, K)).
// Exits 0 when every value agrees within TOLERANCE, and says where it does not.
#include <hsc/io/npy.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace {

/// Largest |a[i] − b[i]| over n values, and where it is.
std::pair<double, std::size_t> largest_difference(const double* a, const double* b, std::size_t n)
{
    double worst = 0;
    std::size_t where = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double d = std::fabs(a[i] - b[i]);
        if (d > worst || std::isnan(d)) {
            worst = std::isnan(d) ? INFINITY : d;
            where = i;
        }
    }
    return {worst, where};
}

int compare_matrices(const char* actual_path, const char* expected_path, double tolerance)
{
    const auto actual = hsc::io::read_npy<double, 2>(actual_path);
    const auto expected = hsc::io::read_npy<double, 2>(expected_path);
    if (actual.shape() != expected.shape()) {
        std::printf("shape mismatch: actual (%zu, %zu), expected (%zu, %zu)\n", actual.shape()[0], actual.shape()[1],
                    expected.shape()[0], expected.shape()[1]);
        return 1;
    }
    const auto [worst, where] = largest_difference(actual.data(), expected.data(), actual.size());
    std::printf("largest difference %.3g at row %zu, column %zu (tolerance %.3g)\n", worst, where / actual.shape()[1],
                where % actual.shape()[1], tolerance);
    return worst <= tolerance ? 0 : 1;
}

int compare_bank(const char* actual_path, const char* expected_path, std::size_t index, double tolerance)
{
    const auto actual = hsc::io::read_npy<double, 3>(actual_path);
    const auto expected = hsc::io::read_npy<double, 4>(expected_path);
    if (index >= expected.shape()[0] || actual.shape()[0] != expected.shape()[1] ||
        actual.shape()[1] != expected.shape()[2] || actual.shape()[2] != expected.shape()[3]) {
        std::printf("shape mismatch: actual (%zu, %zu, %zu)\n", actual.shape()[0], actual.shape()[1],
                    actual.shape()[2]);
        return 1;
    }
    const auto [worst, where] =
        largest_difference(actual.data(), expected.data() + index * actual.size(), actual.size());
    const std::size_t per_atom = actual.shape()[1] * actual.shape()[2];
    std::printf("largest difference %.3g at atom %zu (tolerance %.3g)\n", worst, where / per_atom, tolerance);
    return worst <= tolerance ? 0 : 1;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc == 4) return compare_matrices(argv[1], argv[2], std::atof(argv[3]));
    if (argc == 5)
        return compare_bank(argv[1], argv[2], static_cast<std::size_t>(std::atoi(argv[3])), std::atof(argv[4]));
    std::fprintf(stderr, "usage: compare_npy ACTUAL.npy EXPECTED.npy [INDEX] TOLERANCE\n");
    return 2;
}
