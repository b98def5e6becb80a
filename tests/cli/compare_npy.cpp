// Test tool: compare_npy ACTUAL.npy EXPECTED.npy INDEX TOLERANCE
// ACTUAL is a (K, N, N) bank written by `hsc bank`; EXPECTED a stack of banks (B, K, N, N) of which
// INDEX is compared. Exits 0 when every value agrees within TOLERANCE, and says where it does not.
#include <hsc/io/npy.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv)
{
    if (argc != 5) {
        std::fprintf(stderr, "usage: compare_npy ACTUAL.npy EXPECTED.npy INDEX TOLERANCE\n");
        return 2;
    }
    const auto actual = hsc::io::read_npy<double, 3>(argv[1]);
    const auto expected = hsc::io::read_npy<double, 4>(argv[2]);
    const auto index = static_cast<std::size_t>(std::atoi(argv[3]));
    const double tolerance = std::atof(argv[4]);
    if (index >= expected.shape()[0] || actual.shape()[0] != expected.shape()[1] ||
        actual.shape()[1] != expected.shape()[2] || actual.shape()[2] != expected.shape()[3]) {
        std::printf("shape mismatch: actual (%zu, %zu, %zu)\n", actual.shape()[0], actual.shape()[1],
                    actual.shape()[2]);
        return 1;
    }
    double worst = 0;
    std::size_t where = 0;
    for (std::size_t i = 0; i < actual.size(); ++i) {
        const double d = std::fabs(actual.data()[i] - expected.data()[index * actual.size() + i]);
        if (d > worst) {
            worst = d;
            where = i;
        }
    }
    const std::size_t per_atom = actual.shape()[1] * actual.shape()[2];
    std::printf("largest difference %.3g at atom %zu (tolerance %.3g)\n", worst, where / per_atom, tolerance);
    return worst <= tolerance ? 0 : 1;
}
