// Independent jobs of uneven cost on a few threads: each thread takes the next job as it finishes
// one (so a few long jobs do not leave the other threads idle, as fixed blocks would), and the first
// exception a job throws stops the others taking new jobs and is rethrown once all have stopped.
#pragma once

#include <hsc/parallel.hpp>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>

namespace hsc::studies {

/// Calls job(j) for every j in [0, count) on `threads` threads. Results stored by j do not depend
/// on the thread count.
template <class Job>
void run_jobs(std::size_t count, std::size_t threads, Job&& job)
{
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr failure;
    const std::size_t workers = std::max<std::size_t>(1, std::min(threads, count));
    parallel_for(workers, workers, [&](std::size_t, std::size_t, std::size_t) {
        for (std::size_t j; !failed && (j = next++) < count;) {
            try {
                job(j);
            } catch (...) {
                if (!failed.exchange(true)) failure = std::current_exception();
            }
        }
    });
    if (failure) std::rethrow_exception(failure);
}

} // namespace hsc::studies
