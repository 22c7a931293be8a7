using System;
using System.Collections.Generic;
using AffectEngine.Perception;

namespace AffectEngine.Cli.Training;

/// <summary>
/// What each of the trainee's channels (face, voice, body, physiology) read at every tick of a live
/// session, beside the fused percept: collected from the perception hub while the session runs (the
/// record holds only the fused percepts), for the report's channel timeline.
/// </summary>
internal sealed class ModalityTimeline : IObserver<ModalitySnapshot>
{
    private readonly string _person;
    private readonly SortedDictionary<Modality, Channel> _channels = new();
    private readonly List<double> _disagreement = new();

    public ModalityTimeline(string person) => _person = person;

    public IReadOnlyDictionary<Modality, Channel> Channels => _channels;

    /// <summary>Cross-modal disagreement per tick (0 when fewer than two channels speak).</summary>
    public IReadOnlyList<double> Disagreement => _disagreement;

    public void OnNext(ModalitySnapshot value)
    {
        if (value.Person != _person)
        {
            return;
        }

        var tick = (int)value.Tick;
        while (_disagreement.Count <= tick)
        {
            _disagreement.Add(0);
        }

        _disagreement[tick] = value.Disagreement;
        foreach (var r in value.Readings)
        {
            if (!_channels.TryGetValue(r.Modality, out var c))
            {
                _channels[r.Modality] = c = new Channel();
            }

            c.Set(tick, r);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    /// <summary>Lower-case channel name as the report writes it.</summary>
    public static string Name(Modality m) => m.ToString().ToLowerInvariant();

    /// <summary>One channel's per-tick valence, arousal and whether it was live (NaN when it said nothing).</summary>
    internal sealed class Channel
    {
        public List<double> Valence { get; } = new();

        public List<double> Arousal { get; } = new();

        public List<bool> Live { get; } = new();

        public void Set(int tick, ModalityReading r)
        {
            while (Valence.Count <= tick)
            {
                Valence.Add(double.NaN);
                Arousal.Add(double.NaN);
                Live.Add(false);
            }

            Valence[tick] = r.Valence ?? double.NaN;
            Arousal[tick] = r.Arousal ?? double.NaN;
            Live[tick] = r.Live;
        }

        /// <summary>The series padded (NaN) or cut to <paramref name="ticks"/> entries.</summary>
        public static double[] Fit(List<double> xs, long ticks)
        {
            var a = new double[ticks];
            for (var i = 0; i < a.Length; i++)
            {
                a[i] = i < xs.Count ? xs[i] : double.NaN;
            }

            return a;
        }
    }
}
