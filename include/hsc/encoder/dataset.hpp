// Coding a data set: one bank set up once, workers over the images (each with its own encoder,
// rebuilt only when the image size changes), results handed on in image order as they finish, so
// that a caller can stream them to disk and never holds more than a few in memory. An image that
// cannot be read or coded is reported and skipped. The codes do not depend on the worker count:
// every image is coded on its own by an encoder whose result depends only on that image. Built
// without exceptions, a bad image cannot be skipped: its error goes to the installed handler.
#pragma once

#include "hsc/bank/kernel_bank.hpp"
#include "hsc/code/boundary.hpp"
#include "hsc/code/sparse_code.hpp"
#include "hsc/config.hpp"
#include "hsc/encoder/encoder.hpp"
#include "hsc/solver/report.hpp"

#include <xtensor/xtensor.hpp>

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace hsc {

/// One image of a data set, coded or not.
template <std::floating_point T>
struct coded_image
{
    std::size_t index = 0; ///< the image's position in the data set
    sparse_code<T> code;   ///< its code (empty, with an empty geometry, when it was not coded)
    encode_report report;
    std::string error; ///< why the image was not coded; empty when it was

    bool coded() const noexcept { return error.empty(); }
};

/// How far a data set is: images handed on so far (coded or failed), of `total`.
struct dataset_progress
{
    std::size_t done = 0, failed = 0, total = 0;
};

/// What a run did.
struct dataset_summary
{
    std::size_t images = 0, coded = 0, failed = 0;
};

/// Codes data sets with one bank and solver policy on `threads` workers.
template <std::floating_point T, class SolverPolicy = solver::mp>
class dataset_encoder
{
public:
    using encoder_type = encoder<T, SolverPolicy>;

    /// Checks the bank once; the workers' encoders are built on the first image of each size.
    explicit dataset_encoder(kernel_bank<T> bank, std::size_t threads = 1, boundary mode = boundary::circular,
                             const SolverPolicy& solver = {})
        : m_bank(std::move(bank)), m_threads(std::max<std::size_t>(1, threads)), m_mode(mode), m_solver(solver)
    {
        require(m_bank.size() > 0, errc::invalid_argument, [] { return std::string("dataset_encoder: empty bank"); });
    }

    /// Codes images 0 … count−1: `load(i)` returns image i (an xt::xtensor<T, 2>; an hsc::error or
    /// other exception it throws marks the image failed); the workers call it side by side, so it must
    /// be safe to call concurrently for different i. `sink(coded_image<T>&&)` receives every
    /// image in order of i, one call at a time, and `progress(const dataset_progress&)` after each.
    /// At most 4 × threads results wait for the sink. An exception from the sink stops the run and
    /// is rethrown once the workers have stopped.
    template <class Load, class Sink, class Progress>
    dataset_summary encode(std::size_t count, Load&& load, Sink&& sink, Progress&& progress) const
    {
        run_state state(count, 4 * m_threads);
        auto work = [&] {
            std::optional<encoder_type> coder; // this worker's, rebuilt when the image size changes
            for (std::size_t i; (i = state.take()) < count;) {
                state.deliver(code_one(i, coder, load), sink, progress);
            }
        };
        {
            std::vector<std::jthread> workers;
            for (std::size_t t = 1; t < std::min(m_threads, count); ++t) workers.emplace_back(work);
            work();
        }
#if HSC_HAS_EXCEPTIONS
        if (state.failure) std::rethrow_exception(state.failure);
#endif
        return {count, count - state.progress.failed, state.progress.failed};
    }

    template <class Load, class Sink>
    dataset_summary encode(std::size_t count, Load&& load, Sink&& sink) const
    {
        return encode(count, load, sink, [](const dataset_progress&) {});
    }

    const kernel_bank<T>& bank() const noexcept
    {
        return m_bank;
    }
    std::size_t threads() const noexcept
    {
        return m_threads;
    }

private:
    /// The shared part of a run: which image is next to take, and the results waiting, in a ring of
    /// `window` slots, for the ones before them.
    struct run_state
    {
        run_state(std::size_t count, std::size_t window) : slots(window) { progress.total = count; }

        /// The next image to code, or `progress.total` when there is none (or the run stopped).
        std::size_t take()
        {
            std::unique_lock lock(mutex);
            room.wait(lock, [&] { return stop || next >= progress.total || next < progress.done + slots.size(); });
            return stop || next >= progress.total ? progress.total : next++;
        }

        /// Files a result, and hands on every result that is now next in order.
        template <class Sink, class Progress>
        void deliver(coded_image<T>&& result, Sink& sink, Progress& progress_callback)
        {
            {
                const std::lock_guard lock(mutex);
                slots[result.index % slots.size()] = std::move(result);
                while (!stop && progress.done < progress.total && slots[progress.done % slots.size()]) {
                    auto& slot = slots[progress.done % slots.size()];
                    coded_image<T> item = std::move(*slot);
                    slot.reset();
                    const bool failed = !item.coded();
#if HSC_HAS_EXCEPTIONS
                    try {
                        sink(std::move(item));
                    } catch (...) {
                        failure = std::current_exception();
                        stop = true;
                        break;
                    }
#else
                    sink(std::move(item));
#endif
                    ++progress.done;
                    progress.failed += failed ? 1 : 0;
                    progress_callback(static_cast<const dataset_progress&>(progress));
                }
            }
            room.notify_all();
        }

        std::vector<std::optional<coded_image<T>>> slots;
        dataset_progress progress;
        std::size_t next = 0;
        bool stop = false;
#if HSC_HAS_EXCEPTIONS
        std::exception_ptr failure;
#endif
        std::mutex mutex;
        std::condition_variable room;
    };

    template <class Load>
    coded_image<T> code_one(std::size_t index, std::optional<encoder_type>& coder, Load& load) const
    {
        coded_image<T> result;
        result.index = index;
#if HSC_HAS_EXCEPTIONS
        try {
#endif
            const xt::xtensor<T, 2> image = load(index);
            const std::size_t height = image.shape()[0], width = image.shape()[1];
            require(height > 0 && width > 0, errc::invalid_argument, [&] {
                return "the image is empty (" + std::to_string(height) + "x" + std::to_string(width) + ")";
            });
            if (!coder || coder->height() != height || coder->width() != width) {
                coder.reset(); // one encoder's buffers at a time
                coder.emplace(m_bank, height, width, m_mode, m_solver);
            }
            result.report = coder->encode(image);
            result.code = coder->code();
#if HSC_HAS_EXCEPTIONS
        } catch (const std::exception& e) {
            result.code = {};
            result.report = {};
            result.error = e.what();
        }
#endif
        return result;
    }

    kernel_bank<T> m_bank;
    std::size_t m_threads;
    boundary m_mode;
    SolverPolicy m_solver;
};

} // namespace hsc
