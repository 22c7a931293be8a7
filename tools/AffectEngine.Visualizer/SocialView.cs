using System;
using System.Collections.Generic;
using System.Globalization;
using AffectEngine.Affect;
using AffectEngine.Core;
using AffectEngine.Hosting;
using AffectEngine.Social;

namespace AffectEngine.Visualizer;

/// <summary>
/// What the social module knows, as the visualizer shows it: relations as lines, and an agent's most
/// salient memories as panel notes. Reads the stores between ticks, never writes them.
/// </summary>
internal sealed class SocialView : IRelationProvider
{
    // Enough lines to read the structure of a scene; a crowd's full graph would hide the faces.
    private const int MaxLines = 4000;
    private readonly SimulationRunner _runner;
    private readonly SocialModule _social;
    private readonly RelationEntry[] _row;
    private readonly Episode[] _episodes;
    private readonly int[] _order;
    private readonly IComparer<int> _bySalience;

    private SocialView(SimulationRunner runner, SocialModule social)
    {
        _runner = runner;
        _social = social;
        _row = new RelationEntry[Math.Max(1, social.Relations.Capacity)];
        _episodes = new Episode[Math.Max(1, social.Memory.Capacity)];
        _order = new int[_episodes.Length];

        // Most salient first; ties newest first, so the panel is stable from frame to frame.
        _bySalience = Comparer<int>.Create((a, b) =>
        {
            var c = _episodes[b].Salience.CompareTo(_episodes[a].Salience);
            return c != 0 ? c : _episodes[b].Tick.CompareTo(_episodes[a].Tick);
        });
    }

    /// <summary>The view of a runner with the social module, or null.</summary>
    public static SocialView? Of(SimulationRunner runner)
    {
        foreach (var m in runner.Modules)
        {
            if (m is SocialEngineModule s)
            {
                return new SocialView(runner, s.Social);
            }
        }

        return null;
    }

    /// <inheritdoc />
    public void GetRelations(World world, List<Relation> into)
    {
        foreach (var from in world.Agents)
        {
            var n = _social.Relations.CopyRelations(from, _row);
            for (var i = 0; i < n && into.Count < MaxLines; i++)
            {
                if (world.IsAlive(_row[i].Other))
                {
                    into.Add(new Relation(from, _row[i].Other, _row[i].Liking));
                }
            }
        }
    }

    /// <summary>The agent's memories, most salient first, one line each ("12.0s theft by bren: anger 0.80").</summary>
    public void GetNotes(World world, AgentId agent, int max, List<string> into)
    {
        var n = _social.Memory.CopyEpisodes(agent, world.Tick, _episodes);
        if (n == 0)
        {
            return;
        }

        for (var i = 0; i < n; i++)
        {
            _order[i] = i;
        }

        Array.Sort(_order, 0, n, _bySalience);
        var step = world.Options.StepSeconds;
        var actions = ActionNames();
        for (var k = 0; k < n && into.Count < max; k++)
        {
            var e = _episodes[_order[k]];
            var what = actions is not null && e.Kind > 0 ? actions.NameOf(e.Kind) : "event " + e.Kind.ToString(CultureInfo.InvariantCulture);
            var who = e.Actor.IsNone ? "" : " by " + Name(e.Actor);
            var felt = e.EmotionCount > 0 ? $": {Emotions.Names[(int)e.First.Type]} {e.First.Intensity:0.00}" : "";
            into.Add(string.Create(CultureInfo.InvariantCulture, $"{e.Tick * step:0.0}s {what}{who}{felt} (salience {e.Salience:0.00})"));
        }
    }

    private string Name(AgentId id)
    {
        var name = _runner.NameOf(id);
        return name.Length > 0 ? name : "agent " + id.Slot.ToString(CultureInfo.InvariantCulture);
    }

    private AffectEngine.Appraisal.SymbolTable? ActionNames()
    {
        foreach (var m in _runner.Modules)
        {
            if (m is AffectEngineModule a)
            {
                return a.Appraisal.Vocabulary.Actions;
            }
        }

        return null;
    }
}
