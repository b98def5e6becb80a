// Built with -fno-exceptions -fno-rtti, as an embedded user would. Boost.Test cannot build that
// way, so this file carries its own harness and prints the "N passed, N failed" summary.
#include <hsc/hsc.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

int passed = 0;
int failed = 0;

void check(bool ok, const char* what)
{
    ++(ok ? passed : failed);
    if (!ok) std::printf("FAILED: %s\n", what);
}

[[noreturn]] void custom_handler(hsc::errc code, const char* message) noexcept
{
    std::printf("custom handler: %s: %s\n", hsc::to_string(code), message);
    std::fflush(stdout);
    std::_Exit(0);
}

} // namespace

int main(int argc, char** argv)
{
    static_assert(HSC_HAS_EXCEPTIONS == 0, "this test must be built with -fno-exceptions");
    if (argc > 1 && std::strcmp(argv[1], "--trigger-error") == 0) {
        // Bad parameters reach the installed handler instead of a throw.
        hsc::set_error_handler(&custom_handler);
        (void)hsc::distribution::population(hsc::distribution::uniform_grid{.low = 1, .high = 0}, 3);
        std::printf("handler did not stop the program\n");
        return 1;
    }

    const auto bank = hsc::heterogeneous_bank<float>();
    check(bank.size() == 144, "heterogeneous bank has 144 atoms");
    double energy = 0;
    for (std::size_t i = 0; i < bank.atoms().size(); ++i)
        energy += double(bank.atoms().data()[i]) * bank.atoms().data()[i];
    check(std::fabs(energy - 836.634) < 1e-3, "heterogeneous bank energy matches docs/science.md");

    std::vector<float> x(19), y(19);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = float(i) - 9.f;
    check(hsc::simd::dot(x.data(), x.data(), x.size()) == 570.f, "dot of -9..9 with itself");
    const auto m = hsc::simd::max_abs(x.data(), x.size());
    check(m.index == 0 && m.value == 9.f, "max_abs finds the first extreme");
    hsc::simd::soft_threshold(x.data(), 8.5f, y.data(), y.size());
    check(y[0] == -0.5f && y[9] == 0.f && y[18] == 0.5f, "soft threshold");

    // The quantizer with compile-time sizes (no heap in it) and the patch lasso.
    const auto column = hsc::quantize::thresholds::data_blind(8);
    std::vector<double> theta;
    for (int i = 0; i < 4; ++i) theta.insert(theta.end(), column.begin(), column.end());
    const hsc::quantize::quantizer<float, 4, 8> q(4, 8, theta, hsc::quantize::phase_table::lif());
    const float sample[4] = {1.f, 0.f, 0.f, 0.f}; // e = (1, 0, 0, 0): the first column fully recruited
    std::uint8_t phases[32];
    check(q.encode_unchecked(sample, phases).active == 8, "quantizer recruits one whole column");
    std::vector<float> identity(16 * 16, 0.f);
    for (int i = 0; i < 16; ++i) identity[i * 16 + i] = 1.f;
    hsc::encoder<float, hsc::solver::fista, hsc::patch_extents<16, 16>> lasso(
        identity, hsc::solver::fista{.options = {.problem = {.lambda = 0.5}}});
    std::vector<float> signal(16, 2.f), code(16);
    lasso.encode_unchecked(signal.data(), code.data());
    check(std::fabs(code[3] - 1.5f) < 1e-4f, "patch lasso soft-thresholds with an identity dictionary");
    hsc::encoder<float, hsc::solver::omp, hsc::patch_extents<16, 16>> omp(
        identity, hsc::solver::omp{.options = {.max_atoms = 2}});
    signal[5] = 3.f;
    check(omp.encode_unchecked(signal.data(), code.data()).selections == 2 && code[5] == 3.f,
          "patch OMP with fixed extents picks the largest coordinates");

    // Every image coder, and a learning step (tests/noheap/hot_paths.cpp runs them under a heap counter).
    const auto small = hsc::random_normal_bank{.count = 4, .size = 5, .seed = 3}.build<float>();
    const hsc::sparse_code<float> truth({4, 16, 16, hsc::boundary::circular}, {{2, 3, 4, 1.5f}});
    const xt::xtensor<float, 2> image = hsc::reconstruct(truth, small);
    hsc::encoder<float, hsc::solver::mp> mp(small, 16, 16);
    check(mp.encode(image).psnr_db > 100, "MP recovers one atom");
    hsc::encoder<float, hsc::solver::omp> conv_omp(small, 16, 16);
    check(conv_omp.encode(image).psnr_db > 100, "OMP recovers one atom");
    const hsc::solver::cbpdn_options problem{.lambda = 0.001, .threads = 2};
    hsc::encoder<float, hsc::solver::fista> fista(small, 16, 16, hsc::boundary::circular,
                                                  hsc::solver::fista{.options = {.problem = problem}});
    check(fista.encode(image).psnr_db > 30, "FISTA codes one atom");
    hsc::encoder<float, hsc::solver::admm> admm(small, 16, 16, hsc::boundary::circular,
                                                hsc::solver::admm{.options = {.problem = problem}});
    check(admm.encode(image).psnr_db > 20, "ADMM codes one atom"); // 100 iterations: 26 dB here
    hsc::online_dictionary_learner<float> learner(small, 16, 16);
    learner.step(image.data());
    const auto learned = learner.bank();
    double norm = 0;
    for (std::size_t i = 0; i < 25; ++i) norm += double(learned.atom(1)[i]) * learned.atom(1)[i];
    check(learner.steps() == 1 && std::fabs(norm - 1) < 1e-5, "a learning step keeps unit atoms");

    // A classifier as a type: inference without exceptions, RTTI or heap.
    using net = hsc::nn::sequential<hsc::nn::dense<4, 3>, hsc::nn::relu<hsc::nn::shape<3>>, hsc::nn::dense<3, 2>>;
    static net classifier;                                                            // fixed storage
    classifier.layer<0>().parameters = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0}; // picks x0, x1, x2
    classifier.layer<2>().parameters = {1, 0, 0, 0, 0, 1, 0, 0};                      // logits: x0 vs x2
    const float features[4] = {0.2f, 5.f, 0.9f, 3.f};
    check(classifier.predict(features) == 1, "a fixed two-layer network picks the larger of x0 and x2");

    // A code, pooled to ON/OFF maps, through a convolution that skips zeros: (2, 2, 2) → 1 value.
    using pooling =
        hsc::nn::on_off_pooling<hsc::conv_extents<1, hsc::dynamic, 4, 4>, 2>; // one atom, 4×4 image, 2×2 cells
    using code_net = hsc::nn::sequential<hsc::nn::sparse_input_conv2d<2, 2, 2, 1, 2>,
                                         hsc::nn::flatten<hsc::nn::shape<1, 1, 1>>, hsc::nn::dense<1, 2>>;
    static code_net reader;
    reader.layer<0>().parameters.fill(1.f); // sums every input (bias 1 too, then cleared)
    reader.layer<0>().parameters[8] = 0.f;
    reader.layer<2>().parameters = {1, -1, 0, 0};
    const hsc::code_event<float> events[2] = {{0, 3, 1, -2.f}, {0, 0, 0, 0.5f}}; // OFF 2 in cell (1, 0), ON 0.5
    float pooled[pooling::output_shape::size];
    pooling::apply(std::span<const hsc::code_event<float>>(events, 2), 0.0, pooled);
    float logits[2];
    reader.forward(pooled, logits);
    check(logits[0] == 2.5f && logits[1] == -2.5f, "a pooled code through sparse_input_conv2d sums its magnitudes");
    hsc::nn::sparse_entry<float> nonzeros[2];
    const std::size_t n = pooling::entries(std::span<const hsc::code_event<float>>(events, 2), 0.0,
                                           std::span<hsc::nn::sparse_entry<float>>(nonzeros, 2));
    reader.forward(hsc::nn::sparse_input<float>(nonzeros, n), logits);
    check(n == 2 && logits[0] == 2.5f && logits[1] == -2.5f, "the same code given as its nonzeros");

    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
