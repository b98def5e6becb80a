// Google Benchmark reporter that also prints, for every pair of runs named NAME/baseline and
// NAME/hsc, how many times faster hsc was in the same run (these machines are noisy: only ratios
// from one run mean anything).
#pragma once

#include <xsimd/xsimd.hpp>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace hsc::bench {

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
            m_speed[run.run_name.function_name] =
                items != run.counters.end() ? double(items->second) : 1 / run.GetAdjustedRealTime();
        }
        ConsoleReporter::ReportRuns(runs);
    }

    void print_ratios(const char* what) const
    {
        std::printf("\nspeed-up of %s (same run, arch %s):\n", what, xsimd::default_arch::name());
        for (const auto& [name, baseline_speed] : m_speed) {
            const auto cut = name.rfind("/baseline");
            if (cut == std::string::npos) continue;
            const auto candidate = m_speed.find(name.substr(0, cut) + "/hsc");
            if (candidate == m_speed.end() || baseline_speed <= 0) continue;
            std::printf("  %-32s %8.2fx\n", name.substr(0, cut).c_str(), candidate->second / baseline_speed);
        }
    }

private:
    std::map<std::string, double> m_speed; // items/s, or iterations/s
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
