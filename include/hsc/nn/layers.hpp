// Layers of the small classifier that reads sparse codes: each layer is a type whose input and
// output shapes are compile-time constants, so hsc::nn::sequential can check every connection
// when it is compiled. Parameters, gradients and activations live in fixed-size arrays: inference
// allocates nothing (a network object is as large as its weights; put big ones on the heap or in
// static storage yourself). Forward passes are noexcept; the dense and convolution kernels use
// hsc::simd.
//
// Convolutions are "valid" (no padding), stride 1, over (channels, height, width) inputs;
// pooling takes non-overlapping P×P windows (H and W divisible by P).
#pragma once

#include "hsc/config.hpp"
#include "hsc/detail/special_functions.hpp"
#include "hsc/fwd.hpp"
#include "hsc/random.hpp"
#include "hsc/simd/kernels.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <tuple>
#include <type_traits>
#include <vector>

namespace hsc::nn {

/// A tensor shape known at compile time.
template <std::size_t... Dims>
struct shape
{
    static constexpr std::size_t rank = sizeof...(Dims);
    static constexpr std::array<std::size_t, rank> dims{Dims...};
    static constexpr std::size_t size = (Dims * ... * std::size_t{1});
};

/// One nonzero of a mostly-zero input: its flat index in the input shape and its value.
template <std::floating_point T>
struct sparse_entry
{
    std::uint32_t index;
    T value;
};

/// An input given by its nonzeros, for a network whose first layer reads them
/// (sparse_input_conv2d): a (C, H, W) code map of which a few hundred of several hundred thousand
/// values are nonzero costs what its nonzeros cost, not a dense fill and scan per sample.
/// Precondition: every index is below the input's size, in increasing order (so that the sums
/// are formed in the order of the dense input's and the two give the same results).
template <std::floating_point T>
using sparse_input = std::span<const sparse_entry<T>>;

/// What a layer's backward does with the gradient of an output that is zero. It lets a layer above
/// compute d(loss)/d(input) only where its input is nonzero (sparse_input_dense), which sequential
/// allows when the rule holds all the way down (relu, then any max pooling, flatten or dropout).
enum class zero_output {
    passes_gradient, ///< no promise (the default of a layer that does not say)
    stops_gradient,  ///< a zero output passes no gradient down (relu: it is zero iff its input is ≤ 0)
    from_zero_input, ///< a zero output passes its gradient only to inputs that are zero themselves
};

constexpr const char* to_string(zero_output rule) noexcept
{
    switch (rule) {
    case zero_output::passes_gradient:
        return "passes_gradient";
    case zero_output::stops_gradient:
        return "stops_gradient";
    case zero_output::from_zero_input:
        return "from_zero_input";
    }
    return "unknown";
}

/// The rule of Layer: its static member `zeros`, or passes_gradient when it has none.
template <class Layer>
constexpr zero_output zero_output_rule() noexcept
{
    if constexpr (requires { Layer::zeros; })
        return Layer::zeros;
    else
        return zero_output::passes_gradient;
}

/// Tag for a backward that writes d(loss)/d(input) only where the input is nonzero (zero
/// elsewhere), for a layer whose zero inputs get no gradient below it anyway.
struct input_gradient_where_nonzero
{
};

namespace detail {
    /// He-normal initial weights, seeded: N(0, 2/fan_in).
    template <class T>
    void he_normal(std::span<T> weights, std::size_t fan_in, random_engine& engine)
    {
        const double sd = std::sqrt(2.0 / static_cast<double>(fan_in));
        for (T& w : weights) w = static_cast<T>(sd * hsc::detail::normal_quantile(engine.uniform()));
    }

    /// Parameters of a layer with weights and biases: `Weights` weights (their layout is the
    /// layer's) then `Biases` biases, their gradients, and He-normal weights (fan-in `FanIn`) with
    /// zero biases.
    template <std::size_t Weights, std::size_t Biases, std::size_t FanIn, std::floating_point T>
    struct weights_and_biases
    {
        using scalar = T;
        static constexpr std::size_t weight_count = Weights;
        static constexpr std::size_t parameter_count = Weights + Biases;

        std::array<T, parameter_count> parameters{};
        std::array<T, parameter_count> gradients{};

        void initialise(random_engine& engine)
        {
            he_normal(std::span<T>(parameters.data(), Weights), FanIn, engine);
            std::fill(parameters.begin() + Weights, parameters.end(), T(0));
        }
    };

    /// What a layer without parameters declares: its shapes, its type, no parameters, nothing to
    /// initialise.
    template <class In, class Out, std::floating_point T>
    struct parameterless
    {
        using input_shape = In;
        using output_shape = Out;
        using scalar = T;
        static constexpr std::size_t parameter_count = 0;
        std::array<T, 0> parameters{}, gradients{};

        void initialise(random_engine&) {}
    };

    /// What the fully connected layers share: shapes and In·Out weights then Out biases.
    template <std::size_t In, std::size_t Out, std::floating_point T>
    struct fully_connected : weights_and_biases<In * Out, Out, In, T>
    {
        using input_shape = shape<In>;
        using output_shape = shape<Out>;
    };

    /// What the stride-1 convolutions share: shapes (C, H, W) → (F, H + 2·Pad − K + 1,
    /// W + 2·Pad − K + 1) (zeros around the input; Pad 0 is a valid convolution) and C·K²·F
    /// weights (their layout is the layer's) then F biases, fan-in C·K².
    template <std::size_t C, std::size_t H, std::size_t W, std::size_t F, std::size_t K, std::size_t Pad,
              std::floating_point T>
    struct convolution : weights_and_biases<C * K * K * F, F, C * K * K, T>
    {
        static_assert(K >= 1 && K <= H + 2 * Pad && K <= W + 2 * Pad,
                      "hsc::nn: a convolution's kernel must fit its (padded) input");
        static_assert(Pad < K, "hsc::nn: a convolution's padding must be smaller than its kernel");
        static constexpr std::size_t OH = H + 2 * Pad - K + 1, OW = W + 2 * Pad - K + 1;
        using input_shape = shape<C, H, W>;
        using output_shape = shape<F, OH, OW>;
    };
} // namespace detail

/// Fully connected: out = W·in + b, W of Out rows × In columns.
template <std::size_t In, std::size_t Out, std::floating_point T>
struct dense : detail::fully_connected<In, Out, T> // W row-major ([o][i])
{
    using detail::fully_connected<In, Out, T>::parameters;
    using detail::fully_connected<In, Out, T>::gradients;

    void forward(const T* in, T* out) const noexcept
    {
        const T* w = parameters.data();
        const T* b = w + In * Out;
        for (std::size_t o = 0; o < Out; ++o) out[o] = simd::dot(w + o * In, in, In) + b[o];
    }

    /// Adds this sample's parameter gradients and writes d(loss)/d(input) (unless grad_in is
    /// null: the first layer of a network has no one to pass it to).
    void backward(const T* in, const T* /*out*/, const T* grad_out, T* grad_in) noexcept
    {
        const T* w = parameters.data();
        T* gw = gradients.data();
        T* gb = gw + In * Out;
        if (grad_in) std::fill(grad_in, grad_in + In, T(0));
        for (std::size_t o = 0; o < Out; ++o) {
            simd::axpy(grad_out[o], in, gw + o * In, In);
            if (grad_in) simd::axpy(grad_out[o], w + o * In, grad_in, In);
            gb[o] += grad_out[o];
        }
    }
};

/// Fully connected like dense, for inputs that are mostly zeros (sparse codes): the weights are
/// stored input by input (W is In rows × Out columns), so a zero input costs one comparison and a
/// nonzero one an axpy of Out values, in the forward pass and in the weight gradient alike. Same
/// function and same initialisation as dense; only the layout and the cost differ.
template <std::size_t In, std::size_t Out, std::floating_point T>
struct sparse_input_dense : detail::fully_connected<In, Out, T> // W input-major ([i][o])
{
    using detail::fully_connected<In, Out, T>::parameters;
    using detail::fully_connected<In, Out, T>::gradients;

    void forward(const T* in, T* out) const noexcept
    {
        const T* w = parameters.data();
        std::copy(w + In * Out, w + In * Out + Out, out);
        simd::for_each_nonzero(in, In, [&](std::size_t i, T a) { simd::axpy(a, w + i * Out, out, Out); });
    }

    void backward(const T* in, const T* /*out*/, const T* grad_out, T* grad_in) noexcept
    {
        const T* w = parameters.data();
        T* gw = gradients.data();
        simd::for_each_nonzero(in, In, [&](std::size_t i, T a) { simd::axpy(a, grad_out, gw + i * Out, Out); });
        if (grad_in)
            for (std::size_t i = 0; i < In; ++i) grad_in[i] = simd::dot(w + i * Out, grad_out, Out);
        simd::axpy(T(1), grad_out, gw + In * Out, Out);
    }

    /// The same, with d(loss)/d(input) computed only where the input is nonzero (zero elsewhere):
    /// every step then costs what the nonzeros cost. sequential calls it when the layers below
    /// drop the gradient of their zero outputs anyway (see zero_output).
    void backward(const T* in, const T* out, const T* grad_out, T* grad_in, input_gradient_where_nonzero) noexcept
    {
        backward(in, out, grad_out, nullptr); // the parameter gradients, as always
        const T* w = parameters.data();
        std::fill(grad_in, grad_in + In, T(0));
        simd::for_each_nonzero(in, In, [&](std::size_t i, T) { grad_in[i] = simd::dot(w + i * Out, grad_out, Out); });
    }
};

/// max(0, x), any shape.
template <class Shape, std::floating_point T>
struct relu : detail::parameterless<Shape, Shape, T>
{
    static constexpr zero_output zeros = zero_output::stops_gradient;

    void forward(const T* in, T* out) const noexcept
    {
        for (std::size_t i = 0; i < Shape::size; ++i) out[i] = in[i] > T(0) ? in[i] : T(0);
    }

    // Both values loaded, then selected, through restrict pointers: the compiler vectorises the
    // select (on a conditional load it would branch on every sign, half of them mispredicted).
    void backward(const T* HSC_RESTRICT in, const T*, const T* HSC_RESTRICT grad_out, T* HSC_RESTRICT grad_in) noexcept
    {
        for (std::size_t i = 0; i < Shape::size; ++i) {
            const T g = grad_out[i];
            grad_in[i] = in[i] > T(0) ? g : T(0);
        }
    }
};

namespace detail {
    /// Inverted dropout at rate RatePercent/100 of groups of Group consecutive values (one value, or
    /// one channel of a (C, H, W) map): while `training` is set, each group is kept with probability
    /// 1 − rate and scaled by 1/(1 − rate), so that inference (training unset) is the identity with
    /// the same expected activations. The masks come from the layer's own seeded generator (seeded
    /// by initialise), so training stays deterministic for a seed. A mini-batch run as a batch
    /// (forward_batch) keeps one mask per sample until its backward_batch.
    template <class Shape, std::size_t RatePercent, std::size_t Group, std::floating_point T>
    struct grouped_dropout : parameterless<Shape, Shape, T>
    {
        static_assert(RatePercent < 100, "hsc::nn::dropout: the rate must be below 100%");
        static_assert(Group >= 1 && Shape::size % Group == 0);
        static constexpr zero_output zeros = zero_output::from_zero_input; // masked, or zero coming in
        static constexpr double rate = static_cast<double>(RatePercent) / 100.0;
        static constexpr std::size_t groups = Shape::size / Group;
        bool training = false;

        void initialise(random_engine& engine) { m_engine = random_engine(engine()); }

        void forward(const T* in, T* out) noexcept
        {
            if (training) draw(m_mask.data(), groups);
            apply(in, out, m_mask.data(), 1);
        }

        /// Through the mask of the last forward pass, or untouched when not training (so that a
        /// network trained without set_training(true) is trained as if it had no dropout, not
        /// frozen below it).
        void backward(const T*, const T*, const T* grad_out, T* grad_in) noexcept
        {
            apply(grad_out, grad_in, m_mask.data(), 1);
        }

        void forward_batch(const T* in, T* out, std::size_t n)
        {
            if (training) {
                m_masks.resize(n * groups);
                draw(m_masks.data(), n * groups);
            }
            apply(in, out, m_masks.data(), n);
        }

        void backward_batch(const T*, const T*, const T* grad_out, T* grad_in, std::size_t n) noexcept
        {
            apply(grad_out, grad_in, m_masks.data(), n);
        }

    private:
        void draw(T* mask, std::size_t count) noexcept
        {
            const T keep = static_cast<T>(1.0 / (1.0 - rate));
            for (std::size_t g = 0; g < count; ++g) mask[g] = m_engine.uniform() < rate ? T(0) : keep;
        }

        /// out = in · mask, group by group, over n samples; a copy when not training.
        void apply(const T* in, T* out, const T* mask, std::size_t n) const noexcept
        {
            if (!training) {
                std::copy(in, in + n * Shape::size, out);
                return;
            }
            for (std::size_t g = 0; g < n * groups; ++g)
                for (std::size_t i = g * Group; i < (g + 1) * Group; ++i) out[i] = in[i] * mask[g];
        }

        random_engine m_engine{};
        std::array<T, groups> m_mask{};
        std::vector<T> m_masks;
    };

    /// The channels and the values per channel of a layer's shape: (C, H, W) or (C) (one value).
    template <class Shape>
    struct channels_of
    {
        static_assert(Shape::rank == 1 || Shape::rank == 3, "hsc::nn: a per-channel layer needs (C) or (C, H, W)");
        static constexpr std::size_t count = Shape::dims[0];
        static constexpr std::size_t spatial = Shape::size / count;
    };
} // namespace detail

/// Inverted dropout of single values (see detail::grouped_dropout).
template <class Shape, std::size_t RatePercent, std::floating_point T>
struct dropout : detail::grouped_dropout<Shape, RatePercent, 1, T>
{
};

/// Channel dropout (PyTorch's Dropout2d): whole channels of a (C, H, W) map are dropped together,
/// each with probability RatePercent/100, the kept ones scaled by 1/(1 − rate).
template <class Shape, std::size_t RatePercent, std::floating_point T>
struct channel_dropout : detail::grouped_dropout<Shape, RatePercent, detail::channels_of<Shape>::spatial, T>
{
    static_assert(Shape::rank == 3, "hsc::nn::channel_dropout: input must be (channels, height, width)");
};

/// Batch normalisation per channel of (C, H, W) (or per feature of (C)): y = γ·(x − μ)/√(σ² + ε) + β.
/// Run as a mini-batch while `training` is set (sequential::accumulate_batch), μ and σ² are the
/// batch's (over samples and positions, σ² biased) and the gradient flows through them; the
/// running estimates move towards them by `momentum` (σ² unbiased there), as PyTorch's
/// BatchNorm2d. Otherwise — inference, or a sample run alone — the running estimates normalise
/// and the layer is an affine map per channel. γ and β are parameters (1 and 0 initially); the
/// running estimates are state that save() keeps but no optimizer touches.
template <class Shape, std::floating_point T>
struct batch_norm
{
    using input_shape = Shape;
    using output_shape = Shape;
    using scalar = T;
    static constexpr std::size_t C = detail::channels_of<Shape>::count, S = detail::channels_of<Shape>::spatial;
    static constexpr std::size_t parameter_count = 2 * C; // γ then β
    static constexpr std::size_t state_count = 2 * C;     // running mean then running variance
    static constexpr bool couples_samples = true;
    static constexpr double epsilon = 1e-5, momentum = 0.1;
    std::array<T, parameter_count> parameters{}, gradients{};
    std::array<T, state_count> state{};
    bool training = false;

    void initialise(random_engine&)
    {
        std::fill(parameters.begin(), parameters.begin() + C, T(1));
        std::fill(parameters.begin() + C, parameters.end(), T(0));
        std::fill(state.begin(), state.begin() + C, T(0));
        std::fill(state.begin() + C, state.end(), T(1));
    }

    void forward(const T* in, T* out) const noexcept
    {
        for (std::size_t c = 0; c < C; ++c) {
            const T scale = parameters[c] / std::sqrt(state[C + c] + T(epsilon));
            const T shift = parameters[C + c] - scale * state[c];
            for (std::size_t i = c * S; i < (c + 1) * S; ++i) out[i] = scale * in[i] + shift;
        }
    }

    /// Through the affine map of the running estimates.
    void backward(const T* in, const T*, const T* grad_out, T* grad_in) noexcept
    {
        for (std::size_t c = 0; c < C; ++c) {
            const T inverse = T(1) / std::sqrt(state[C + c] + T(epsilon));
            T dgamma = 0, dbeta = 0;
            for (std::size_t i = c * S; i < (c + 1) * S; ++i) {
                dgamma += grad_out[i] * (in[i] - state[c]) * inverse;
                dbeta += grad_out[i];
                if (grad_in) grad_in[i] = grad_out[i] * parameters[c] * inverse;
            }
            gradients[c] += dgamma;
            gradients[C + c] += dbeta;
        }
    }

    void forward_batch(const T* in, T* out, std::size_t n) noexcept
    {
        if (!training || n < 2) { // one sample has no batch statistics: the running ones, as inference
            m_batch = false;
            for (std::size_t s = 0; s < n; ++s) forward(in + s * Shape::size, out + s * Shape::size);
            return;
        }
        m_batch = true;
        const double count = static_cast<double>(n * S);
        for (std::size_t c = 0; c < C; ++c) {
            double sum = 0, squares = 0; // in double: a channel may hold ~10^5 values
            for_channel(c, n, [&](std::size_t i) { sum += in[i]; });
            const double mean = sum / count;
            for_channel(c, n, [&](std::size_t i) { squares += (in[i] - mean) * (in[i] - mean); });
            const double variance = squares / count;
            m_mean[c] = static_cast<T>(mean);
            m_inverse[c] = static_cast<T>(1 / std::sqrt(variance + epsilon));
            state[c] = static_cast<T>((1 - momentum) * state[c] + momentum * mean);
            state[C + c] = static_cast<T>((1 - momentum) * state[C + c] + momentum * squares / (count - 1));
            const T gamma = parameters[c], beta = parameters[C + c];
            for_channel(c, n, [&](std::size_t i) { out[i] = gamma * (in[i] - m_mean[c]) * m_inverse[c] + beta; });
        }
    }

    /// With x̂ the normalised input and N the values of a channel in the batch:
    /// dx = γ/σ · (dy − mean(dy) − x̂·mean(dy·x̂)), dγ = Σ dy·x̂, dβ = Σ dy.
    void backward_batch(const T* in, const T* out, const T* grad_out, T* grad_in, std::size_t n) noexcept
    {
        if (!m_batch) {
            for (std::size_t s = 0; s < n; ++s)
                backward(in + s * Shape::size, out + s * Shape::size, grad_out + s * Shape::size,
                         grad_in ? grad_in + s * Shape::size : nullptr);
            return;
        }
        const double count = static_cast<double>(n * S);
        for (std::size_t c = 0; c < C; ++c) {
            const T mean = m_mean[c], inverse = m_inverse[c];
            double dbeta = 0, dgamma = 0;
            for_channel(c, n, [&](std::size_t i) {
                dbeta += grad_out[i];
                dgamma += grad_out[i] * (in[i] - mean) * inverse;
            });
            gradients[c] += static_cast<T>(dgamma);
            gradients[C + c] += static_cast<T>(dbeta);
            if (!grad_in) continue;
            const T scale = parameters[c] * inverse, mean_dy = static_cast<T>(dbeta / count),
                    mean_dy_xhat = static_cast<T>(dgamma / count);
            for_channel(c, n, [&](std::size_t i) {
                grad_in[i] = scale * (grad_out[i] - mean_dy - (in[i] - mean) * inverse * mean_dy_xhat);
            });
        }
    }

private:
    /// f(i) for every flat index i of channel c in n samples stored one after another.
    template <class F>
    static void for_channel(std::size_t c, std::size_t n, F&& f) noexcept
    {
        for (std::size_t s = 0; s < n; ++s)
            for (std::size_t i = (s * C + c) * S; i < (s * C + c + 1) * S; ++i) f(i);
    }

    std::array<T, C> m_mean{}, m_inverse{}; // of the last batch run in training
    bool m_batch = false;                   // whether the last forward_batch used them
};

/// The mean of every channel: (C, H, W) → (C).
template <class Shape, std::floating_point T>
struct global_avg_pool : detail::parameterless<Shape, shape<Shape::dims[0]>, T>
{
    static_assert(Shape::rank == 3, "hsc::nn::global_avg_pool: input must be (channels, height, width)");
    static constexpr std::size_t C = Shape::dims[0], S = Shape::dims[1] * Shape::dims[2];

    void forward(const T* in, T* out) const noexcept
    {
        for (std::size_t c = 0; c < C; ++c) {
            T sum = 0;
            for (std::size_t i = c * S; i < (c + 1) * S; ++i) sum += in[i];
            out[c] = sum / static_cast<T>(S);
        }
    }

    void backward(const T*, const T*, const T* grad_out, T* grad_in) noexcept
    {
        for (std::size_t c = 0; c < C; ++c)
            std::fill(grad_in + c * S, grad_in + (c + 1) * S, grad_out[c] / static_cast<T>(S));
    }
};

/// The identity, any shape: the shortcut of a residual block whose branch keeps the shape.
template <class Shape, std::floating_point T>
struct identity : detail::parameterless<Shape, Shape, T>
{
    static constexpr zero_output zeros = zero_output::from_zero_input;
    void forward(const T* in, T* out) const noexcept { std::copy(in, in + Shape::size, out); }
    void backward(const T*, const T*, const T* grad_out, T* grad_in) noexcept
    {
        if (grad_in) std::copy(grad_out, grad_out + Shape::size, grad_in);
    }
};

/// (C, H, W) → (C·H·W): a change of shape, not of data.
template <class Shape, std::floating_point T>
struct flatten : detail::parameterless<Shape, shape<Shape::size>, T>
{
    static constexpr zero_output zeros = zero_output::from_zero_input;
    void forward(const T* in, T* out) const noexcept { std::copy(in, in + Shape::size, out); }
    void backward(const T*, const T*, const T* grad_out, T* grad_in) noexcept
    {
        std::copy(grad_out, grad_out + Shape::size, grad_in);
    }
};

/// (C, H, W) → (C·B², H/B, W/B): each B×B cell's values become channels, channel c·B² + u·B + v
/// holding the value at (u, v) of every cell of channel c. A rearrangement (no value lost), so that
/// a network built for small maps with many channels (codes) reads images too.
template <class Shape, std::size_t B, std::floating_point T>
struct space_to_depth
{
    static_assert(Shape::rank == 3, "hsc::nn::space_to_depth: input must be (channels, height, width)");
    static constexpr std::size_t C = Shape::dims[0], H = Shape::dims[1], W = Shape::dims[2];
    static_assert(B >= 1 && H % B == 0 && W % B == 0,
                  "hsc::nn::space_to_depth: height and width must be multiples of B");
    using input_shape = Shape;
    using output_shape = shape<C * B * B, H / B, W / B>;
    using scalar = T;
    static constexpr std::size_t parameter_count = 0;
    static constexpr zero_output zeros = zero_output::from_zero_input;
    std::array<T, 0> parameters{}, gradients{};

    void initialise(random_engine&) {}
    void forward(const T* in, T* out) const noexcept
    {
        visit([&](std::size_t from, std::size_t to) { out[to] = in[from]; });
    }
    void backward(const T*, const T*, const T* grad_out, T* grad_in) noexcept
    {
        visit([&](std::size_t from, std::size_t to) { grad_in[from] = grad_out[to]; });
    }

private:
    /// f(input index, output index) over every value.
    template <class F>
    static void visit(F&& f) noexcept
    {
        for (std::size_t c = 0; c < C; ++c)
            for (std::size_t y = 0; y < H; ++y)
                for (std::size_t x = 0; x < W; ++x)
                    f((c * H + y) * W + x, ((c * B * B + y % B * B + x % B) * (H / B) + y / B) * (W / B) + x / B);
    }
};

/// Valid 2-D convolution (cross-correlation, as in every deep-learning library), stride 1:
/// (C, H, W) → (F, H − K + 1, W − K + 1), F filters of C × K × K and a bias each.
template <std::size_t C, std::size_t H, std::size_t W, std::size_t F, std::size_t K, std::floating_point T>
struct conv2d : detail::convolution<C, H, W, F, K, 0, T> // [f][c][u][v], then bias[f]
{
    using base = detail::convolution<C, H, W, F, K, 0, T>;
    using base::gradients, base::parameters, base::weight_count, base::OH, base::OW;

    void forward(const T* in, T* out) const noexcept
    {
        const T* w = parameters.data();
        const T* bias = w + weight_count;
        for (std::size_t f = 0; f < F; ++f) {
            T* o = out + f * OH * OW;
            std::fill(o, o + OH * OW, bias[f]);
            // Row by row: every kernel tap adds a shifted input row to an output row (axpy).
            for (std::size_t c = 0; c < C; ++c)
                for (std::size_t u = 0; u < K; ++u)
                    for (std::size_t v = 0; v < K; ++v) {
                        const T tap = w[((f * C + c) * K + u) * K + v];
                        for (std::size_t i = 0; i < OH; ++i)
                            simd::axpy(tap, in + (c * H + i + u) * W + v, o + i * OW, OW);
                    }
        }
    }

    void backward(const T* in, const T*, const T* grad_out, T* grad_in) noexcept
    {
        const T* w = parameters.data();
        T* gw = gradients.data();
        T* gbias = gw + weight_count;
        if (grad_in) std::fill(grad_in, grad_in + C * H * W, T(0)); // null: first layer, not needed
        for (std::size_t f = 0; f < F; ++f) {
            const T* g = grad_out + f * OH * OW;
            for (std::size_t i = 0; i < OH * OW; ++i) gbias[f] += g[i];
            for (std::size_t c = 0; c < C; ++c)
                for (std::size_t u = 0; u < K; ++u)
                    for (std::size_t v = 0; v < K; ++v) {
                        const std::size_t t = ((f * C + c) * K + u) * K + v;
                        T sum = 0;
                        for (std::size_t i = 0; i < OH; ++i) {
                            sum += simd::dot(g + i * OW, in + (c * H + i + u) * W + v, OW);
                            if (grad_in) simd::axpy(w[t], g + i * OW, grad_in + (c * H + i + u) * W + v, OW);
                        }
                        gw[t] += sum;
                    }
        }
    }
};

/// A stride-1 convolution with Pad zeros around the input, computed tap by tap: each nonzero
/// input adds its weighted kernel taps to the outputs it reaches, so the cost grows with the
/// number of nonzeros (K² axpys of F values each, forward and weight gradient alike) instead of
/// with C·H·W, and every axpy runs over the F filters, which keeps the SIMD lanes full on maps too
/// small for row-wise kernels (7×7). Weights are stored [c][u][v][f] so that the F filters of one
/// tap are contiguous; the outputs are accumulated position by position ([i][j][f]) in a scratch
/// buffer inside the layer and transposed to (F, OH, OW) at the end. The scratch makes forward()
/// unsafe to call on one layer object from two threads at once (a network is one thread's
/// anyway). Same initialisation as conv2d. Its two uses have names: sparse_input_conv2d (Pad 0,
/// conv2d's function for mostly-zero inputs such as pooled sparse codes) and same_conv2d (odd K,
/// Pad (K − 1)/2: the output keeps the input's height and width, as in residual networks).
template <std::size_t C, std::size_t H, std::size_t W, std::size_t F, std::size_t K, std::size_t Pad,
          std::floating_point T>
struct tap_conv2d : detail::convolution<C, H, W, F, K, Pad, T> // [c][u][v][f], then bias[f]
{
    using base = detail::convolution<C, H, W, F, K, Pad, T>;
    using base::gradients, base::parameters, base::weight_count, base::OH, base::OW;

    /// `in` is the dense (C, H, W) input or its nonzeros (sparse_input): same results.
    template <class Input>
    void forward(const Input& in, T* out) const noexcept
    {
        const T* w = parameters.data();
        for (std::size_t p = 0; p < OH * OW; ++p) std::copy(w + weight_count, w + weight_count + F, &m_scratch[p * F]);
        for_each_tap(in, [&](T a, std::size_t tap, std::size_t at) { simd::axpy(a, w + tap, &m_scratch[at], F); });
        for (std::size_t p = 0; p < OH * OW; ++p)
            for (std::size_t f = 0; f < F; ++f) out[f * OH * OW + p] = m_scratch[p * F + f];
    }

    /// For a sparse_input, grad_in must be null: the layer is then the network's first.
    template <class Input>
    void backward(const Input& in, const T*, const T* grad_out, T* grad_in) noexcept
    {
        const T* w = parameters.data();
        T* gw = gradients.data();
        for (std::size_t p = 0; p < OH * OW; ++p) {
            for (std::size_t f = 0; f < F; ++f) m_scratch[p * F + f] = grad_out[f * OH * OW + p];
            simd::axpy(T(1), &m_scratch[p * F], gw + weight_count, F);
        }
        for_each_tap(in, [&](T a, std::size_t tap, std::size_t at) { simd::axpy(a, &m_scratch[at], gw + tap, F); });
        // A first layer (a sparse input is always one) has nobody to pass d(loss)/d(input) to.
        if (std::is_same_v<Input, sparse_input<T>> || !grad_in) return;
        // The input gradient is dense even where the input is zero: every position, every tap.
        for (std::size_t c = 0; c < C; ++c)
            for (std::size_t y = 0; y < H; ++y)
                for (std::size_t x = 0; x < W; ++x) {
                    T sum = 0;
                    visit_taps(c, y, x,
                               [&](std::size_t tap, std::size_t at) { sum += simd::dot(w + tap, &m_scratch[at], F); });
                    grad_in[(c * H + y) * W + x] = sum;
                }
    }

private:
    /// f(offset of the tap's F weights, offset of the output position's F values in the scratch)
    /// for every tap that links input (c, y, x) to an output.
    template <class Visit>
    static void visit_taps(std::size_t c, std::size_t y, std::size_t x, Visit&& visit) noexcept
    {
        // Output (i, j) = (y + Pad − u, x + Pad − v) exists for u ≤ y + Pad, y + Pad − u < OH,
        // and likewise for v.
        const std::size_t py = y + Pad, px = x + Pad;
        const std::size_t u0 = py >= OH ? py - OH + 1 : 0, u1 = std::min(K - 1, py);
        const std::size_t v0 = px >= OW ? px - OW + 1 : 0, v1 = std::min(K - 1, px);
        for (std::size_t u = u0; u <= u1; ++u)
            for (std::size_t v = v0; v <= v1; ++v) visit(((c * K + u) * K + v) * F, ((py - u) * OW + px - v) * F);
    }

    /// f(input value, tap offset, position offset) for every tap reached by a nonzero input.
    template <class Visit>
    static void for_each_tap(const T* in, Visit&& visit) noexcept
    {
        simd::for_each_nonzero(in, C * H * W, [&](std::size_t i, T a) { visit_input(i, a, visit); });
    }

    template <class Visit>
    static void for_each_tap(sparse_input<T> in, Visit&& visit) noexcept
    {
        for (const auto& e : in) {
            HSC_ASSERT(e.index < C * H * W);
            if (e.value != T(0)) visit_input(e.index, e.value, visit);
        }
    }

    template <class Visit>
    static void visit_input(std::size_t i, T a, Visit& visit) noexcept
    {
        visit_taps(i / (H * W), i / W % H, i % W, [&](std::size_t tap, std::size_t at) { visit(a, tap, at); });
    }

    mutable std::array<T, OH * OW * F> m_scratch{};
};

namespace detail {
    template <std::size_t K>
    constexpr std::size_t same_padding() noexcept
    {
        static_assert(K % 2 == 1, "hsc::nn::same_conv2d: the kernel size must be odd to keep height and width");
        return K / 2;
    }
} // namespace detail

/// conv2d's function for mostly-zero inputs (pooled sparse codes); it also reads an input given
/// by its nonzeros (sparse_input).
template <std::size_t C, std::size_t H, std::size_t W, std::size_t F, std::size_t K,
          std::floating_point T = default_scalar>
using sparse_input_conv2d = tap_conv2d<C, H, W, F, K, 0, T>;

/// A convolution that keeps height and width: (C, H, W) → (F, H, W), odd K, zeros around.
template <std::size_t C, std::size_t H, std::size_t W, std::size_t F, std::size_t K,
          std::floating_point T = default_scalar>
using same_conv2d = tap_conv2d<C, H, W, F, K, detail::same_padding<K>(), T>;

/// Non-overlapping P×P pooling of (C, H, W): maximum (Max = true) or average.
template <class Shape, std::size_t P, bool Max, std::floating_point T>
struct pool2d
{
    static_assert(Shape::rank == 3, "hsc::nn::pool2d: input must be (channels, height, width)");
    static constexpr std::size_t C = Shape::dims[0], H = Shape::dims[1], W = Shape::dims[2];
    static_assert(P >= 1 && H % P == 0 && W % P == 0, "hsc::nn::pool2d: height and width must be multiples of P");
    using input_shape = Shape;
    using output_shape = shape<C, H / P, W / P>;
    using scalar = T;
    static constexpr std::size_t parameter_count = 0;
    // Max: a zero maximum sends its gradient to the first input equal to it, a zero.
    static constexpr zero_output zeros = Max ? zero_output::from_zero_input : zero_output::passes_gradient;
    std::array<T, 0> parameters{}, gradients{};

    void initialise(random_engine&) {}

    void forward(const T* in, T* out) const noexcept
    {
        for (std::size_t c = 0; c < C; ++c)
            for (std::size_t i = 0; i < H / P; ++i)
                for (std::size_t j = 0; j < W / P; ++j) {
                    T acc = Max ? -std::numeric_limits<T>::infinity() : T(0);
                    for (std::size_t u = 0; u < P; ++u)
                        for (std::size_t v = 0; v < P; ++v) {
                            const T x = in[(c * H + i * P + u) * W + j * P + v];
                            acc = Max ? std::max(acc, x) : acc + x;
                        }
                    out[(c * (H / P) + i) * (W / P) + j] = Max ? acc : acc / static_cast<T>(P * P);
                }
    }

    /// Max: the gradient goes to the first maximum of each window; average: shared equally.
    void backward(const T* in, const T*, const T* grad_out, T* grad_in) noexcept
    {
        if constexpr (Max) std::fill(grad_in, grad_in + Shape::size, T(0));
        for (std::size_t c = 0; c < C; ++c)
            for (std::size_t i = 0; i < H / P; ++i)
                for (std::size_t j = 0; j < W / P; ++j) {
                    const std::size_t o = (c * (H / P) + i) * (W / P) + j;
                    const std::size_t first = (c * H + i * P) * W + j * P;
                    // The first maximum: only a strictly larger value moves it (selects, not branches).
                    std::size_t at = first;
                    T best = in[first];
                    for (std::size_t u = 0; u < P; ++u)
                        for (std::size_t v = 0; v < P; ++v) {
                            const std::size_t x = first + u * W + v;
                            if constexpr (Max) {
                                const bool larger = in[x] > best;
                                at = larger ? x : at;
                                best = larger ? in[x] : best;
                            } else {
                                grad_in[x] = grad_out[o] / static_cast<T>(P * P);
                            }
                        }
                    if constexpr (Max) grad_in[at] = grad_out[o];
                }
    }
};

template <class Shape, std::size_t P, std::floating_point T = default_scalar>
using max_pool = pool2d<Shape, P, true, T>;
template <class Shape, std::size_t P, std::floating_point T = default_scalar>
using avg_pool = pool2d<Shape, P, false, T>;

namespace detail {
    /// Layer L over n samples stored one after another: its own forward_batch where it has one
    /// (batch_norm couples the samples; dropout keeps a mask per sample), else forward sample by
    /// sample.
    template <class L>
    void forward_batch(L& layer, const typename L::scalar* in, typename L::scalar* out, std::size_t n)
    {
        if constexpr (requires { layer.forward_batch(in, out, n); })
            layer.forward_batch(in, out, n);
        else
            for (std::size_t s = 0; s < n; ++s)
                layer.forward(in + s * L::input_shape::size, out + s * L::output_shape::size);
    }

    /// The backward of forward_batch; a null grad_in as for the layer's backward (a lowest layer
    /// with parameters), `tag` passed on to a per-sample backward (input_gradient_where_nonzero).
    template <class L, class... Tag>
    void backward_batch(L& layer, const typename L::scalar* in, const typename L::scalar* out,
                        const typename L::scalar* grad_out, typename L::scalar* grad_in, std::size_t n, Tag... tag)
    {
        if constexpr (requires { layer.backward_batch(in, out, grad_out, grad_in, n); }) {
            layer.backward_batch(in, out, grad_out, grad_in, n);
        } else {
            constexpr std::size_t I = L::input_shape::size, O = L::output_shape::size;
            for (std::size_t s = 0; s < n; ++s)
                layer.backward(in + s * I, out + s * O, grad_out + s * O, grad_in ? grad_in + s * I : nullptr, tag...);
        }
    }
} // namespace detail

namespace detail {
    /// The activations of a mini-batch, n samples of PerSample values one after another.
    template <class T, std::size_t PerSample>
    struct batch_buffer : std::vector<T>
    {
        static constexpr std::size_t per_sample = PerSample;
    };

    /// Layer I's outputs in a host that keeps them for the last sample (`samples`, a tuple of
    /// arrays) and for a batch (`batches`, a tuple of batch_buffer): which one a step walks.
    template <bool Batch, std::size_t I, class Samples, class Batches>
    auto* outputs_of(Samples& samples, Batches& batches) noexcept
    {
        if constexpr (Batch)
            return std::get<I>(batches).data();
        else
            return std::get<I>(samples).data();
    }

    /// Layer L over one sample (Batch false: its forward) or over n samples (forward_batch): the
    /// one step of a network's or a block's walk that differs between the two.
    template <bool Batch, class L>
    void forward_step(L& layer, const typename L::scalar* in, typename L::scalar* out, std::size_t n)
    {
        if constexpr (Batch)
            forward_batch(layer, in, out, n);
        else
            layer.forward(in, out);
    }

    /// The backward of forward_step.
    template <bool Batch, class L, class... Tag>
    void backward_step(L& layer, const typename L::scalar* in, const typename L::scalar* out,
                       const typename L::scalar* grad_out, typename L::scalar* grad_in, std::size_t n, Tag... tag)
    {
        if constexpr (Batch)
            backward_batch(layer, in, out, grad_out, grad_in, n, tag...);
        else
            layer.backward(in, out, grad_out, grad_in, tag...);
    }
} // namespace detail

/// Whether a layer's training couples the samples of a mini-batch (batch_norm, or a block holding
/// one): a network with such a layer trains a mini-batch at once (sequential::accumulate_batch).
template <class Layer>
constexpr bool couples_batch() noexcept
{
    if constexpr (requires { Layer::couples_samples; })
        return Layer::couples_samples;
    else
        return false;
}

/// The running estimates and the like that a layer keeps beside its parameters (batch_norm's),
/// which save() stores and no optimizer touches: the size of its `state` array, or 0.
template <class Layer>
constexpr std::size_t state_count() noexcept
{
    if constexpr (requires { Layer::state_count; })
        return Layer::state_count;
    else
        return 0;
}

namespace detail {
    /// f(parameters, gradients) for each parameter block of a layer (a block's own, in order).
    template <class Layer, class F>
    void visit_parameters(Layer& layer, F& f)
    {
        using T = typename Layer::scalar;
        if constexpr (requires { layer.for_each_block(f); })
            layer.for_each_block(f);
        else if constexpr (Layer::parameter_count > 0)
            f(std::span<T>(layer.parameters), std::span<T>(layer.gradients));
    }

    /// f(state) for each state array of a layer (see state_count).
    template <class Layer, class F>
    void visit_state(Layer& layer, F& f)
    {
        using T = typename Layer::scalar;
        if constexpr (requires { layer.for_each_state(f); })
            layer.for_each_state(f);
        else if constexpr (state_count<Layer>() > 0)
            f(std::span<T>(layer.state));
    }

    /// Switches a layer that behaves differently while training (dropout, batch_norm, a block).
    template <class Layer>
    void set_training(Layer& layer, bool on) noexcept
    {
        if constexpr (requires { layer.set_training(on); })
            layer.set_training(on);
        else if constexpr (requires { layer.training = on; })
            layer.training = on;
    }
} // namespace detail

/// Softmax with cross-entropy, the loss at the end of a classifier: probabilities from logits, the
/// loss of a label, and d(loss)/d(logits) = p − onehot(label).
template <std::size_t Classes, std::floating_point T>
struct softmax_cross_entropy
{
    static void probabilities(const T* logits, T* p) noexcept
    {
        T top = logits[0];
        for (std::size_t k = 1; k < Classes; ++k) top = std::max(top, logits[k]);
        T sum = 0;
        for (std::size_t k = 0; k < Classes; ++k) sum += p[k] = std::exp(logits[k] - top);
        for (std::size_t k = 0; k < Classes; ++k) p[k] /= sum;
    }

    /// The loss −log p[label]; writes the gradient with respect to the logits.
    static T loss(const T* logits, std::size_t label, T* grad) noexcept
    {
        probabilities(logits, grad);
        const T loss = -std::log(std::max(grad[label], std::numeric_limits<T>::min()));
        grad[label] -= T(1);
        return loss;
    }
};

} // namespace hsc::nn
