// Google Benchmark reporter that also prints, for every pair of runs named NAME/baseline and
// NAME/hsc, how many times faster hsc was in the same run (these machines are noisy: only ratios
// from one run mean anything). With --benchmark_repetitions=R (best with
// --benchmark_enable_random_interleaving=true, so that both sides meet the same disturbances) the
// ratio is that of the two sides' median speeds, and the ratio of their fastest repetitions is
// printed beside it.
#pragma once

#include <xsimd/xsimd.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace hsc::bench {

/// The median of speeds (the mean of the middle two when their number is even); 0 when empty.
inline double median(std::vector<double> values)
{
    if (values.empty()) return 0;
    const std::size_t mid = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
    if (values.size() % 2 == 1) return values[mid];
    const double upper = values[mid];
    return (upper + *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid))) / 2;
}

class ratio_reporter : public benchmark::ConsoleReporter
{
public:
    void ReportRuns(const std::vector<Run>& runs) override
    {
        for (const auto& run : runs) {
            if (run.run_type != Run::RT_Iteration) continue;
            // Work per iteration may differ between the two sides (a baseline too slow to run
            // as long): compare throughput when the benchmark reports items, time otherwise.
            const auto items = run.counters.find("items_per_second");
            // Keyed by the registered name, without suffixes such as /iterations:1/real_time.
            m_speeds[run.run_name.function_name].push_back(items != run.counters.end() ? double(items->second)
                                                                                       : 1 / run.GetAdjustedRealTime());
        }
        ConsoleReporter::ReportRuns(runs);
    }

    void print_ratios(const char* what) const
    {
        std::printf("\nspeed-up of %s (same run, arch %s):\n", what, xsimd::default_arch::name());
        for (const auto& [name, baseline] : m_speeds) {
            const auto cut = name.rfind("/baseline");
            if (cut == std::string::npos) continue;
            const auto candidate = m_speeds.find(name.substr(0, cut) + "/hsc");
            if (candidate == m_speeds.end() || median(baseline) <= 0) continue;
            const auto& hsc = candidate->second;
            std::printf("  %-32s %8.2fx", name.substr(0, cut).c_str(), median(hsc) / median(baseline));
            if (hsc.size() > 1 || baseline.size() > 1)
                std::printf(
                    "  (medians of %zu and %zu repetitions; fastest over fastest %.2fx)", hsc.size(), baseline.size(),
                    *std::max_element(hsc.begin(), hsc.end()) / *std::max_element(baseline.begin(), baseline.end()));
            std::printf("\n");
        }
    }

private:
    std::map<std::string, std::vector<double>> m_speeds; // items/s, or iterations/s, per repetition
};

/// The main() of every hsc benchmark: run what the command line selects, then print the ratios.
inline int run_with_ratios(int argc, char** argv, const char* what)
{
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    ratio_reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    reporter.print_ratios(what);
    benchmark::Shutdown();
    return 0;
}

} // namespace hsc::bench
