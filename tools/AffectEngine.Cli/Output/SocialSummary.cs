using System;
using System.Collections.Generic;
using System.Globalization;
using AffectEngine.Affect;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;
using AffectEngine.Social;
using Spectre.Console;

namespace AffectEngine.Cli.Output;

/// <summary>
/// The social part of <c>affect run</c>'s summary, for small casts (at most <see cref="MaxAgents"/>):
/// how each relation's liking moved from the scenario's value, and what each encounter brought back
/// (the episodes that matched the other agent when they met). Crowds get no table: it would not be read.
/// </summary>
internal static class SocialSummary
{
    public const int MaxAgents = 20;

    public static void Print(SimulationRunner runner, Scenario scenario)
    {
        SocialModule? social = null;
        foreach (var m in runner.Modules)
        {
            if (m is SocialEngineModule s)
            {
                social = s.Social;
            }
        }

        var world = runner.World;
        if (social is null || world.AgentCount > MaxAgents)
        {
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        var declared = new Dictionary<(string, string), float>();
        foreach (var a in scenario.Agents)
        {
            foreach (var pair in a.Relations)
            {
                declared[(a.Id, pair.Key)] = pair.Value.Liking;
            }
        }

        var table = new Table().Border(TableBorder.Simple).Title("relations");
        table.AddColumn("from");
        table.AddColumn("to");
        table.AddColumn(new TableColumn("liking at start").RightAligned());
        table.AddColumn(new TableColumn("liking now").RightAligned());
        table.AddColumn(new TableColumn("familiarity").RightAligned());
        var rows = 0;
        foreach (var from in world.Agents)
        {
            foreach (var to in world.Agents)
            {
                if (from == to || !social.Relations.TryGetLiking(from, to, out var liking))
                {
                    continue;
                }

                var start = declared.TryGetValue((runner.NameOf(from), runner.NameOf(to)), out var d) ? d.ToString("0.000", inv) : "-";
                table.AddRow(
                    Markup.Escape(runner.NameOf(from)),
                    Markup.Escape(runner.NameOf(to)),
                    start,
                    liking.ToString("0.000", inv),
                    social.Relations.Familiarity(from, to).ToString("0.000", inv));
                rows++;
            }
        }

        if (rows > 0)
        {
            AnsiConsole.Write(table);
        }

        var step = world.Options.StepSeconds;
        var episodes = new Episode[social.Memory.Capacity];
        foreach (var e in scenario.Events)
        {
            // Object sightings recall too, but the table lists meetings (agent and other).
            if (e.Encounter is not { Object: null } en)
            {
                continue;
            }

            var tick = e.Tick ?? (long)Math.Round(e.At!.Value.Seconds / step);
            Recalled(runner, social, episodes, en.Agent, en.Other, tick, step);
            if (en.Mutual)
            {
                Recalled(runner, social, episodes, en.Other, en.Agent, tick, step);
            }
        }
    }

    private static void Recalled(SimulationRunner runner, SocialModule social, Episode[] buffer, string agentName, string otherName, long tick, double step)
    {
        if (!runner.TryGetAgent(agentName, out var agent) || !runner.TryGetAgent(otherName, out var other) || tick >= runner.Tick)
        {
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        var n = social.Memory.CopyEpisodes(agent, runner.Tick, buffer);
        var parts = new List<string>();
        for (var i = 0; i < n; i++)
        {
            var ep = buffer[i];
            if (ep.Tick >= tick || (ep.Actor != other && ep.Target != other))
            {
                continue;
            }

            var felt = new List<string>();
            for (var k = 0; k < ep.EmotionCount; k++)
            {
                felt.Add(string.Format(inv, "{0} {1:0.00}", ep.Emotion(k).Type.Name(), ep.Emotion(k).Intensity));
            }

            parts.Add(string.Format(inv, "{0} at {1:0.#} s ({2})", KindName(runner, ep.Kind), ep.Tick * step, string.Join(", ", felt)));
        }

        SummaryText.WriteWrapped(Console.Out, string.Format(
            inv,
            "encounter {0:0.#} s: {1} meets {2}, recalls {3}",
            tick * step,
            agentName,
            otherName,
            parts.Count == 0 ? "nothing" : string.Join("; ", parts)), 10);
    }

    private static string KindName(SimulationRunner runner, int kind)
    {
        var vocabulary = runner.Module<AffectEngineModule>().Appraisal.Vocabulary;
        return kind > 0 ? vocabulary.Actions.NameOf(kind) : "event";
    }
}
