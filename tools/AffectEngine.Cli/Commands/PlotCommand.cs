using System;
using System.Collections.Generic;
using System.CommandLine;
using AffectEngine.Cli.Output;
using AffectEngine.Persistence;

namespace AffectEngine.Cli.Commands;

/// <summary><c>affect plot &lt;file.aerec&gt; --agents a,b --out plot.png</c>: emotion intensities and PAD mood over time.</summary>
internal static class PlotCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("record") { Description = "The record (.aerec)." };
        var agents = new Option<string?>("--agents") { Description = "Comma-separated agent ids (default: the first four)." };
        var output = new Option<string>("--out") { Description = "The PNG to write.", Required = true };
        var command = new Command("plot", "Plot emotion intensities and PAD mood of agents over time from a record.") { file, agents, output };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(agents), parse.GetValue(output)!));
        return command;
    }

    private static int Run(string path, string? agentList, string output)
    {
        using var reader = RecordFiles.Open(path);
        using var runner = RecordFiles.RunnerFor(reader, path, null);
        var chosen = new List<(string, AgentId)>();
        if (string.IsNullOrWhiteSpace(agentList))
        {
            foreach (var id in runner.World.Agents)
            {
                if (chosen.Count == 4)
                {
                    break;
                }

                chosen.Add((runner.NameOf(id), id));
            }
        }
        else
        {
            foreach (var raw in agentList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!runner.TryGetAgent(raw, out var id))
                {
                    var known = new List<string>();
                    foreach (var a in runner.World.Agents)
                    {
                        if (known.Count == 10)
                        {
                            known.Add("...");
                            break;
                        }

                        known.Add(runner.NameOf(a));
                    }

                    throw new UserException($"--agents: no agent '{raw}' in {path} (agents: {string.Join(", ", known)})");
                }

                chosen.Add((raw, id));
            }
        }

        if (chosen.Count == 0)
        {
            throw new UserException($"{path}: the record has no agents to plot");
        }

        if (chosen.Count > 12)
        {
            throw new UserException($"--agents: at most 12 agents fit one plot; got {chosen.Count}");
        }

        var plot = new TrajectoryPlot(runner.World, chosen);
        var step = runner.World.Options.StepSeconds;
        var result = RecordFiles.Replay(reader, runner, path, new ReplayOptions
        {
            AfterLoad = sim => plot.Sample(sim.World, sim.World.Tick * step),
            AfterTick = (tick, sim) => plot.Sample(sim.World, (tick + 1) * step),
        });
        plot.Save(output, reader.Header.ScenarioName);
        RecordFiles.WarnIfIncomplete(result);
        Console.Out.WriteLine($"plotted   {chosen.Count} agents over {result.Ticks} ticks to {output}");
        return 0;
    }
}
