// Running a loop over items on a few threads, with results that a caller can make independent of
// the thread count: what the convex coders, the tool and the studies share.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace hsc {

/// Threads started once and reused: run(count, body) splits [0, count) into contiguous blocks, one
/// per thread, and starts no thread and allocates nothing per call (what a coder's iterations
/// need). With one thread it starts none and runs everything on the caller.
class thread_pool
{
public:
    explicit thread_pool(std::size_t threads) : m_size(std::max<std::size_t>(1, threads))
    {
        m_workers.reserve(m_size - 1);
        for (std::size_t t = 1; t < m_size; ++t) m_workers.emplace_back([this, t] { serve(t); });
    }
    ~thread_pool()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_start.notify_all();
    }
    thread_pool(const thread_pool&) = delete;
    thread_pool& operator=(const thread_pool&) = delete;

    std::size_t size() const noexcept { return m_size; }

    /// body(begin, end, worker) on min(size(), count) contiguous blocks of [0, count), the caller
    /// taking block 0; returns when every block is done. Not reentrant.
    template <class Body>
    void run(std::size_t count, Body&& body) noexcept
    {
        const std::size_t active = std::min(m_size, count);
        if (active <= 1) {
            body(std::size_t{0}, count, std::size_t{0});
            return;
        }
        {
            const std::lock_guard lock(m_mutex);
            m_body = const_cast<void*>(static_cast<const void*>(std::addressof(body)));
            m_call = [](void* job, std::size_t begin, std::size_t end, std::size_t worker) {
                (*static_cast<std::remove_reference_t<Body>*>(job))(begin, end, worker);
            };
            m_count = count;
            m_active = active;
            m_pending = active - 1;
            ++m_generation;
        }
        m_start.notify_all();
        body(std::size_t{0}, count / active, std::size_t{0});
        std::unique_lock lock(m_mutex);
        m_done.wait(lock, [this] { return m_pending == 0; });
    }

private:
    void serve(std::size_t worker) noexcept
    {
        std::size_t seen = 0;
        for (;;) {
            std::unique_lock lock(m_mutex);
            m_start.wait(lock, [&] { return m_stop || m_generation != seen; });
            if (m_stop) return;
            seen = m_generation;
            if (worker >= m_active) continue;
            const std::size_t count = m_count, active = m_active;
            lock.unlock();
            m_call(m_body, count * worker / active, count * (worker + 1) / active, worker);
            lock.lock();
            if (--m_pending == 0) m_done.notify_one();
        }
    }

    std::size_t m_size;
    std::mutex m_mutex;
    std::condition_variable m_start, m_done;
    void (*m_call)(void*, std::size_t, std::size_t, std::size_t) = nullptr;
    void* m_body = nullptr;
    std::size_t m_count = 0, m_active = 0, m_pending = 0, m_generation = 0;
    bool m_stop = false;
    std::vector<std::jthread> m_workers; // last: joined before the members they use are destroyed
};

/// Splits [0, count) into min(threads, count) contiguous blocks and runs body(begin, end, worker)
/// on each, the calling thread taking block 0: a thread_pool for one call (with one thread nothing
/// is spawned). Results can only be independent of the thread count if `body` makes them so (hsc's
/// users reduce per item, then in item order).
template <class Body>
void parallel_for(std::size_t count, std::size_t threads, Body&& body)
{
    thread_pool(std::min(threads, count)).run(count, body);
}

} // namespace hsc
