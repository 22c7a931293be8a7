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
        var file = new Argument<string>("record") { Description = "The record (.aerec), or a sweep's --out folder (or its aggregate.csv) to draw conditions with 95% CI bands." };
        var variable = new Option<string>("--variable") { Description = "Sweep plots: the variable drawn (default mood.p).", DefaultValueFactory = _ => "mood.p" };
        var agents = new Option<string?>("--agents") { Description = "Comma-separated agent ids (default: the first four)." };
        var output = new Option<string>("--out") { Description = "The PNG to write.", Required = true };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bar." };
        var command = new Command("plot", "Plot emotion intensities and PAD mood of agents over time from a record.") { file, agents, output, variable, quiet };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            return SweepPlot.AggregateOf(path) is { } aggregate
                ? PlotSweep(path, aggregate, parse.GetValue(agents), parse.GetValue(variable)!, parse.GetValue(output)!)
                : Run(path, parse.GetValue(agents), parse.GetValue(output)!, parse.GetValue(quiet));
        });
        return command;
    }

    private static int PlotSweep(string path, string aggregate, string? agentList, string variable, string output)
    {
        var agents = agentList?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        if (agents.Length > 1)
        {
            throw new UserException($"--agents: a sweep plot shows one agent; got {agents.Length} ({agentList})");
        }

        using var files = new OutputSet();
        var png = files.Add(output, "--out");
        var conditions = SweepPlot.Plot(path, aggregate, agents.Length == 1 ? agents[0] : null, variable, png);
        files.CommitAll();
        Console.Out.WriteLine($"plotted   {variable} for {conditions} condition{(conditions == 1 ? "" : "s")} with 95% CI bands to {output}");
        return ExitCodes.Ok;
    }

    private static int Run(string path, string? agentList, string output, bool quiet)
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
                    throw CliErrors.UnknownAgent(runner, raw, $"--agents: {path}");
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

        using var files = new OutputSet();
        var png = files.Add(output, "--out");
        var plot = new TrajectoryPlot(runner.World, chosen);
        var step = runner.World.Options.StepSeconds;
        ReplayResult? result = null;
        CliProgress.Run("plot", "ticks", reader.Header.PlannedTicks, quiet, report =>
            result = RecordFiles.Replay(reader, runner, path, new ReplayOptions
            {
                AfterLoad = sim => plot.Sample(sim.World, sim.World.Tick * step),
                AfterTick = (tick, sim) =>
                {
                    plot.Sample(sim.World, (tick + 1) * step);
                    report(1);
                },
            }));
        png.Stream.Write(plot.Render(reader.Header.ScenarioName));
        files.CommitAll();
        Console.Out.WriteLine($"plotted   {chosen.Count} agents over {result!.Ticks} ticks to {output}");
        return RecordFiles.ReportIncomplete(result, reader, path, "plotted");
    }
}
