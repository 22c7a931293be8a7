using System;

namespace AffectEngine.Perception;

/// <summary>
/// The 1€ filter (Casiez, Roussel &amp; Vogel 2012, "1€ Filter: A Simple Speed-based Low-pass Filter for
/// Noisy Input in Interactive Systems", CHI): a first-order low-pass whose cutoff rises with the
/// signal's speed, so slow drifts are smoothed hard and fast changes pass with little lag. Driven by
/// explicit time steps (tick time), never the wall clock.
/// </summary>
internal struct OneEuroFilter
{
    private double _x;
    private double _dx;
    private bool _primed;

    public readonly bool IsPrimed => _primed;

    public readonly double Value => _x;

    public void Reset() => _primed = false;

    public double Filter(double value, double dt, double minCutoff, double beta, double dCutoff)
    {
        if (!_primed || dt <= 0)
        {
            if (!_primed)
            {
                _x = value;
                _dx = 0;
                _primed = true;
            }

            return _x;
        }

        var dxRaw = (value - _x) / dt;
        _dx += Alpha(dCutoff, dt) * (dxRaw - _dx);
        var cutoff = minCutoff + (beta * Math.Abs(_dx));
        _x += Alpha(cutoff, dt) * (value - _x);
        return _x;
    }

    // Smoothing factor of an exponential low-pass with the given cutoff (paper, eq. for α).
    private static double Alpha(double cutoff, double dt)
    {
        var tau = 1.0 / (2 * Math.PI * cutoff);
        return 1.0 / (1.0 + (tau / dt));
    }
}
