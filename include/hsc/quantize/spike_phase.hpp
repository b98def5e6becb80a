// Spike-phase readout of one quantization unit (docs/science.md §2.3). A leaky integrate-and-fire neuron
//   τ_m dV/dt = −g_L (V − V_rest) + I(t),   I(t) = d − 20·osc(t),   osc(t) = 1 + sin(2πt/50 + π),
// with constant drive d = w·e, is reset to V_rest at the start of every 50-step inhibitory cycle and
// fires at most once per cycle (refractory 50 ms); its phase is the step (1..50) at which V first
// reaches V_thresh, 0 if it stays silent. With the input held and the state reset every cycle,
// every cycle of a held sample is the same, so one simulated cycle gives the readout of the last.
//
// Two ways to the phase:
//  - simulate_lif_phase: the dynamics, RK4 with dt = 1 ms (the reference), or, with
//    `held_input`, the authors' integrator: the oscillator held at its value at the start of the
//    step and a spike flagged on the step after the one that crossed (docs/science.md §2.6), which
//    puts phases one or two steps later (a crossing on the cycle's last step is lost);
//  - a phase_table: thresholds on d, one per phase, so that the phase is the first entry whose
//    threshold d reaches. phase_table::drive_crossing() is the closed form — the first step at which
//    the drive itself, d − 20·osc(t), reaches V_thresh − V_rest (the membrane's lag ignored);
//    phase_table::lif() finds, by bisection on d, the exact thresholds of the simulated neuron
//    (phase is monotone in d), so a lookup reproduces the simulation. Tests measure both.
#pragma once

#include <cmath>
#include <cstddef>
#include <numbers>
#include <vector>

namespace hsc::quantize {

struct lif_parameters
{
    double v_rest = -60, v_thresh = -55;
    double tau_m = 4; ///< ms
    double g_leak = 1;
    double dt = 1;           ///< ms, one RK4 step
    std::size_t cycle = 50;  ///< steps per inhibitory cycle
    double inhibition = 20;  ///< weight of the oscillator
    bool held_input = false; ///< the authors' step timing (see above) instead of RK4 through the oscillator
};

/// osc(t) = 1 + sin(2πt/cycle + π) ∈ [0, 2].
inline double oscillator(double t, std::size_t cycle = 50) noexcept
{
    return 1 + std::sin(2 * std::numbers::pi * t / static_cast<double>(cycle) + std::numbers::pi);
}

/// The phase (1..cycle) of the first spike of a unit with constant drive d in one cycle, 0 if none.
inline unsigned simulate_lif_phase(double drive, const lif_parameters& p = {}) noexcept
{
    double held = 0; // the authors' input, fixed for the step
    auto dv = [&](double t, double v) {
        const double input = p.held_input ? held : drive - p.inhibition * oscillator(t, p.cycle);
        return (-p.g_leak * (v - p.v_rest) + input) / p.tau_m;
    };
    double v = p.v_rest;
    for (std::size_t step = 1; step <= p.cycle; ++step) {
        const double t = static_cast<double>(step - 1) * p.dt, h = p.dt;
        held = drive - p.inhibition * oscillator(t, p.cycle);
        const double k1 = dv(t, v), k2 = dv(t + h / 2, v + h / 2 * k1), k3 = dv(t + h / 2, v + h / 2 * k2),
                     k4 = dv(t + h, v + h * k3);
        v += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
        if (v >= p.v_thresh) {
            const std::size_t flagged = p.held_input ? step + 1 : step;
            return flagged <= p.cycle ? static_cast<unsigned>(flagged) : 0;
        }
    }
    return 0;
}

/// Phase as a function of drive, tabulated: phase(d) = phase of the first entry with d ≥ threshold.
/// Entries have strictly decreasing thresholds and increasing phases.
struct phase_table
{
    struct entry
    {
        double threshold;
        unsigned phase;
    };
    std::vector<entry> entries;

    unsigned phase(double drive) const noexcept
    {
        for (const auto& e : entries)
            if (drive >= e.threshold) return e.phase;
        return 0;
    }

    /// The closed form: first step t (1..cycle) with d − inhibition·osc(t) ≥ V_thresh − V_rest.
    static phase_table drive_crossing(const lif_parameters& p = {})
    {
        phase_table table;
        double lowest = INFINITY;
        for (std::size_t t = 1; t <= p.cycle; ++t) {
            const double needed =
                (p.v_thresh - p.v_rest) * p.g_leak + p.inhibition * oscillator(static_cast<double>(t) * p.dt, p.cycle);
            if (needed < lowest) { // an earlier step already fires every drive above `lowest`
                lowest = needed;
                table.entries.push_back({needed, static_cast<unsigned>(t)});
            }
        }
        return table;
    }

    /// The simulated neuron's own thresholds: for each phase, the least drive that fires by then
    /// (bisection to 1e-12 relative on the monotone map d ↦ simulate_lif_phase(d)).
    static phase_table lif(const lif_parameters& p = {})
    {
        phase_table table;
        const unsigned earliest = p.held_input ? 2 : 1; // a spike is flagged a step late
        double high = 1;
        for (int doubling = 0; doubling < 1000 && simulate_lif_phase(high, p) != earliest; ++doubling)
            high *= 2; // a drive that fires at once
        double previous = INFINITY;
        for (unsigned phase = earliest; phase <= p.cycle; ++phase) {
            // least d with 0 < simulate(d) ≤ phase
            auto fires_by = [&](double d) {
                const unsigned s = simulate_lif_phase(d, p);
                return s != 0 && s <= phase;
            };
            double lo = 0, hi = high;
            if (fires_by(lo)) {
                hi = lo;
            } else {
                for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; ++i) {
                    const double mid = (lo + hi) / 2;
                    (fires_by(mid) ? hi : lo) = mid;
                }
            }
            if (hi < previous) {
                previous = hi;
                table.entries.push_back({hi, phase});
            }
        }
        return table;
    }
};

} // namespace hsc::quantize
