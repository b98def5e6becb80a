// Running a loop over items on a few threads, with results that a caller can make independent of
// the thread count: what the convex coders, the tool and the studies share.
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace hsc {

/// Splits [0, count) into `threads` contiguous blocks and runs body(begin, end, worker) on each,
/// the calling thread taking block 0. With one thread nothing is spawned. Results can only be
/// independent of the thread count if `body` makes them so (hsc's users reduce per item, then in
/// item order).
template <class Body>
void parallel_for(std::size_t count, std::size_t threads, Body&& body)
{
    threads = std::max<std::size_t>(1, std::min(threads, count));
    if (threads == 1) {
        body(std::size_t{0}, count, std::size_t{0});
        return;
    }
    std::vector<std::jthread> pool;
    pool.reserve(threads - 1);
    for (std::size_t t = 1; t < threads; ++t) {
        pool.emplace_back([&body, t, count, threads] { body(count * t / threads, count * (t + 1) / threads, t); });
    }
    body(std::size_t{0}, count / threads, std::size_t{0});
}

} // namespace hsc
