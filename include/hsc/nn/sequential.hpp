// A classifier as a type: sequential<L0, L1, ..., Ln> checks at compile time that the output shape
// of every layer is the input shape of the next. A mismatch stops compilation in
// hsc::nn::connection<Index, Output, Input>, whose template arguments name the layer index and
// both shapes in the compiler's message.
//
// Storage is fixed: parameters, gradients and every activation are std::arrays inside the object,
// so predict() allocates nothing and is noexcept (a network is as large as its weights and
// activations: allocate big ones once, e.g. with std::make_unique). Training accumulates the
// gradients of a mini-batch sample by sample; an optimizer (hsc/nn/optimizer.hpp) applies them.
#pragma once

#include "hsc/concepts.hpp"
#include "hsc/config.hpp"
#include "hsc/io/npy.hpp"
#include "hsc/nn/layers.hpp"
#include "hsc/nn/residual.hpp"
#include "hsc/random.hpp"

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace hsc::nn {

/// What the first layer of a network must receive: an encoder's code shape is checked with it.
template <class CodeShape, class Network>
struct accepts_input
{
    static_assert(std::is_same_v<CodeShape, typename Network::input_shape>,
                  "hsc::nn: the code shape (CodeShape) is not the network's input shape (Network::input_shape)");
    static constexpr bool ok = true;
};

template <class... Layers>
class sequential
{
    static_assert(sizeof...(Layers) >= 1, "hsc::nn::sequential needs at least one layer");
    static_assert((Layer<Layers> && ...), "hsc::nn::sequential: every argument must be a layer (hsc::nn::Layer)");
    using tuple = std::tuple<Layers...>;
    static constexpr std::size_t count = sizeof...(Layers);
    template <std::size_t I>
    using layer_t = std::tuple_element_t<I, tuple>;

    static_assert(detail::connected<Layers...>());

    template <std::size_t... I>
    static constexpr std::size_t largest_output(std::index_sequence<I...>)
    {
        return std::max({layer_t<I>::output_shape::size...});
    }

public:
    using scalar = typename layer_t<0>::scalar;
    using input_shape = typename layer_t<0>::input_shape;
    using output_shape = typename layer_t<count - 1>::output_shape;
    static constexpr std::size_t classes = output_shape::size;
    static constexpr std::size_t parameter_count = (Layers::parameter_count + ...);
    static constexpr std::size_t state_count = (nn::state_count<Layers>() + ...);
    /// Whether a layer couples the samples of a mini-batch: then train() runs accumulate_batch.
    static constexpr bool couples_samples = (couples_batch<Layers>() || ...);
    /// The largest layer output: the size of the two gradient buffers. The network's input gets no
    /// gradient (nothing is below it), so a large code map as input costs no buffer of its size.
    static constexpr std::size_t largest = largest_output(std::make_index_sequence<count>{});

    /// Seeded initial weights (He-normal, zero biases): the same seed gives the same network.
    void initialise(std::uint64_t seed)
    {
        random_engine engine(seed);
        std::apply([&](auto&... layer) { (layer.initialise(engine), ...); }, m_layers);
    }

    /// Logits of one input (input_shape::size values) into `logits` (classes values). Here and in
    /// predict and accumulate, the input may also be given by its nonzeros (a sparse_input) when
    /// the first layer reads them (sparse_input_conv2d).
    template <NetworkInput<layer_t<0>> Input>
    void forward(const Input& input, scalar* logits) noexcept
    {
        run_forward<0>(input);
        const auto& last = std::get<count - 1>(m_outputs);
        std::copy(last.begin(), last.end(), logits);
    }

    /// The class with the largest logit.
    template <NetworkInput<layer_t<0>> Input>
    std::size_t predict(const Input& input) noexcept
    {
        run_forward<0>(input);
        const auto& last = std::get<count - 1>(m_outputs);
        return static_cast<std::size_t>(std::max_element(last.begin(), last.end()) - last.begin());
    }

    /// Forward and backward for one labelled sample, adding its parameter gradients; returns the
    /// softmax cross-entropy loss.
    template <NetworkInput<layer_t<0>> Input>
    scalar accumulate(const Input& input, std::size_t label) noexcept
    {
        run_forward<0>(input);
        const auto& logits = std::get<count - 1>(m_outputs);
        const scalar loss = softmax_cross_entropy<classes, scalar>::loss(logits.data(), label, m_grad_a.data());
        run_backward<false, count - 1>([&](std::size_t) -> const Input& { return input; }, m_grad_a.data(),
                                       m_grad_b.data(), 1);
        return loss;
    }

    /// Forward and backward for a mini-batch of n labelled samples at once, adding their parameter
    /// gradients; returns the summed loss. `input(s)` gives sample s's input (as for accumulate;
    /// it is asked again in the backward pass), `label(s)` its class. Layers that couple the
    /// samples (batch_norm in training) see the whole batch; the others run sample by sample, and
    /// without such a layer the gradients equal n calls of accumulate (dropout draws its masks in
    /// another order). The batch's activations are kept in vectors sized on first use: training
    /// allocates, inference (predict) does not.
    template <class Inputs, class Labels>
    scalar accumulate_batch(Inputs&& input, Labels&& label, std::size_t n)
    {
        static_assert(!couples_batch<layer_t<0>>(),
                      "hsc::nn::sequential: the first layer reads the inputs one by one, it cannot couple them");
        std::apply([&](auto&... a) { (a.resize(n * a.per_sample), ...); }, m_batch_outputs);
        for (auto& g : m_batch_grad) g.resize(n * largest);
        auto& first = std::get<0>(m_layers);
        for (std::size_t s = 0; s < n; ++s)
            first.forward(input(s), output<true, 0>() + s * layer_t<0>::output_shape::size);
        [&]<std::size_t... I>(std::index_sequence<I...>)
        {
            (detail::forward_batch(std::get<I + 1>(m_layers), output<true, I>(), output<true, I + 1>(), n), ...);
        }
        (std::make_index_sequence<count - 1>{});
        scalar loss = 0;
        const scalar* logits = output<true, count - 1>();
        for (std::size_t s = 0; s < n; ++s)
            loss += softmax_cross_entropy<classes, scalar>::loss(
                logits + s * classes, static_cast<std::size_t>(label(s)), m_batch_grad[0].data() + s * classes);
        run_backward<true, count - 1>(input, m_batch_grad[0].data(), m_batch_grad[1].data(), n);
        return loss;
    }

    /// Switches the layers that behave differently while training (dropout, batch_norm) on or
    /// off. Off after construction; forward, predict and accumulate all run in the mode last set,
    /// so a training loop sets it on and evaluation off.
    void set_training(bool on) noexcept
    {
        std::apply([&](auto&... layer) { (detail::set_training(layer, on), ...); }, m_layers);
    }

    void zero_gradients() noexcept
    {
        for_each_block([](std::span<scalar>, std::span<scalar> g) { std::fill(g.begin(), g.end(), scalar(0)); });
    }

    /// f(parameters, gradients) for every parameter block, in layer order (a residual block's in
    /// its own order).
    template <class F>
    void for_each_block(F&& f)
    {
        std::apply([&](auto&... layer) { (detail::visit_parameters(layer, f), ...); }, m_layers);
    }

    /// f(state) for every state array (batch_norm's running estimates), in layer order.
    template <class F>
    void for_each_state(F&& f)
    {
        std::apply([&](auto&... layer) { (detail::visit_state(layer, f), ...); }, m_layers);
    }

    /// All parameters, layer by layer, as one flat vector and back.
    std::vector<scalar> flat_parameters()
    {
        std::vector<scalar> flat;
        flat.reserve(parameter_count);
        for_each_block([&](std::span<scalar> p, std::span<scalar>) { flat.insert(flat.end(), p.begin(), p.end()); });
        return flat;
    }

    void set_flat_parameters(const std::vector<scalar>& flat)
    {
        require(flat.size() == parameter_count, errc::invalid_argument, [&] {
            return "nn::sequential: " + std::to_string(flat.size()) + " parameters given, this network has " +
                   std::to_string(parameter_count);
        });
        std::size_t at = 0;
        for_each_block([&](std::span<scalar> p, std::span<scalar>) {
            std::copy(flat.begin() + static_cast<std::ptrdiff_t>(at),
                      flat.begin() + static_cast<std::ptrdiff_t>(at + p.size()), p.begin());
            at += p.size();
        });
    }

    /// The parameters then the state (running estimates) as a 1-D NPY file (layer by layer, each
    /// as its layer stores them), and back; loading checks the count against this network type.
    void save(const std::string& path)
    {
        auto flat = flat_parameters();
        for_each_state([&](std::span<scalar> v) { flat.insert(flat.end(), v.begin(), v.end()); });
        xt::xtensor<scalar, 1> values = xt::xtensor<scalar, 1>::from_shape({flat.size()});
        std::copy(flat.begin(), flat.end(), values.begin());
        io::write_npy(path, values);
    }

    void load(const std::string& path)
    {
        const auto values = io::read_npy<scalar, 1>(path);
        require(values.size() == parameter_count + state_count, errc::invalid_argument, [&] {
            return "nn::sequential: " + path + " holds " + std::to_string(values.size()) +
                   " values, this network has " + std::to_string(parameter_count) + " parameters and " +
                   std::to_string(state_count) + " state values";
        });
        set_flat_parameters(std::vector<scalar>(values.begin(), values.begin() + parameter_count));
        auto at = values.begin() + parameter_count;
        for_each_state([&](std::span<scalar> v) {
            std::copy(at, at + static_cast<std::ptrdiff_t>(v.size()), v.begin());
            at += static_cast<std::ptrdiff_t>(v.size());
        });
    }

    template <std::size_t I>
    layer_t<I>& layer() noexcept
    {
        return std::get<I>(m_layers);
    }

    /// Whether the gradient reaching a zero output of layer J is lost below it: J is a relu, or a
    /// layer whose zero outputs come from zero inputs (max pooling, flatten, dropout) above such.
    template <std::size_t J>
    static constexpr bool zero_outputs_lose_gradient() noexcept
    {
        constexpr zero_output rule = zero_output_rule<layer_t<J>>();
        if constexpr (rule == zero_output::stops_gradient) {
            return true;
        } else if constexpr (rule == zero_output::from_zero_input && J > 0) {
            return zero_outputs_lose_gradient<J - 1>();
        } else {
            return false;
        }
    }

    /// Whether layer I may compute d(loss)/d(input) only where its input is nonzero: it offers
    /// that (a backward taking input_gradient_where_nonzero) and the layers below lose the
    /// gradient of a zero anyway.
    template <std::size_t I>
    static constexpr bool zero_inputs_need_no_gradient() noexcept
    {
        if constexpr (I == 0) {
            return false;
        } else {
            constexpr bool offered = requires(layer_t<I> & layer, const scalar* in, scalar* grad)
            {
                layer.backward(in, in, in, grad, input_gradient_where_nonzero{});
            };
            return offered && zero_outputs_lose_gradient<I - 1>();
        }
    }

private:
    template <std::size_t I, class Input>
    void run_forward(const Input& input) noexcept
    {
        if constexpr (I == 0) {
            std::get<0>(m_layers).forward(input, output<false, 0>());
        } else {
            std::get<I>(m_layers).forward(output<false, I - 1>(), output<false, I>());
        }
        if constexpr (I + 1 < count) run_forward<I + 1>(input);
    }

    /// Whether a layer before I has parameters, i.e. whether anyone needs d(loss)/d(input of I).
    template <std::size_t I>
    static constexpr bool parameters_below() noexcept
    {
        return []<std::size_t... J>(std::index_sequence<J...>)
        {
            return ((layer_t<J>::parameter_count > 0) || ... || false);
        }
        (std::make_index_sequence<I>{});
    }

    /// The outputs of layer I: of the last sample (m_outputs) or of the batch.
    template <bool Batch, std::size_t I>
    scalar* output() noexcept
    {
        return detail::outputs_of<Batch, I>(m_outputs, m_batch_outputs);
    }

    /// Backward through layer I for one sample or a batch of n: grad_out holds d(loss)/d(output
    /// of I); writes d/d(input of I) into the other buffer, then continues with I − 1. Below the
    /// lowest layer with parameters nothing is computed: that layer gets a null grad_in, the
    /// parameterless layers under it do not run (for a first dense layer over a large input, this
    /// halves the backward cost). `input(s)` is sample s's input, for the first layer.
    template <bool Batch, std::size_t I, class Inputs>
    void run_backward(Inputs&& input, scalar* grad_out, scalar* grad_in, std::size_t n) noexcept
    {
        auto& layer = std::get<I>(m_layers);
        constexpr std::size_t out_size = layer_t<I>::output_shape::size;
        if constexpr (parameters_below<I>()) {
            if constexpr (zero_inputs_need_no_gradient<I>())
                detail::backward_step<Batch>(layer, output<Batch, I - 1>(), output<Batch, I>(), grad_out, grad_in, n,
                                             input_gradient_where_nonzero{});
            else
                detail::backward_step<Batch>(layer, output<Batch, I - 1>(), output<Batch, I>(), grad_out, grad_in, n);
            run_backward<Batch, I - 1>(input, grad_in, grad_out, n);
        } else if constexpr (layer_t<I>::parameter_count > 0) {
            if constexpr (I == 0) {
                for (std::size_t s = 0; s < n; ++s)
                    layer.backward(input(s), output<Batch, 0>() + s * out_size, grad_out + s * out_size, nullptr);
            } else {
                detail::backward_step<Batch>(layer, output<Batch, I - 1>(), output<Batch, I>(), grad_out, nullptr, n);
            }
        }
    }

    tuple m_layers{};
    std::tuple<std::array<scalar, Layers::output_shape::size>...> m_outputs{};
    std::array<scalar, largest> m_grad_a{}, m_grad_b{};
    std::tuple<detail::batch_buffer<scalar, Layers::output_shape::size>...> m_batch_outputs;
    std::array<std::vector<scalar>, 2> m_batch_grad;
};

} // namespace hsc::nn
