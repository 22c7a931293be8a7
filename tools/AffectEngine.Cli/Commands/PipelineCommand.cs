using System;
using System.CommandLine;
using System.IO;
using AffectEngine.Hosting;

namespace AffectEngine.Cli.Commands;

/// <summary>
/// <c>affect pipeline [scenario.json]</c>: what a tick runs, stage by stage, in order. Without a scenario
/// it prints the declared default pipeline (<see cref="TickPipeline.Default"/>); with one, the systems
/// that scenario's runner attached (plugins and conditional systems included). The names are the ones
/// <c>affect run --profile</c> prints.
/// </summary>
internal static class PipelineCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string?>("scenario") { Description = "A scenario file: list the systems its run attaches instead of the declared default.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("pipeline", "Print what a tick runs: each stage's systems in run order (the names --profile uses).")
        {
            scenario,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(scenario);
            if (path is null)
            {
                WriteDeclared(Console.Out);
            }
            else
            {
                var (loaded, _) = ScenarioFiles.LoadWithBytes(path);
                using var plugins = RunPlugins.Load(loaded, path, Console.Error);
                using var runner = EngineSetup.CreateRunner(loaded, new RunOverrides(), stageHashes: false, plugins);
                WriteActual(Console.Out, runner);
            }

            return 0;
        });
        return command;
    }

    /// <summary>The declared table: stage, system, module, what it does.</summary>
    internal static void WriteDeclared(TextWriter output)
    {
        TickStage? stage = null;
        foreach (var step in TickPipeline.Default)
        {
            if (step.Stage != stage)
            {
                stage = step.Stage;
                output.WriteLine($"{(int)step.Stage} {step.Stage}");
            }

            output.WriteLine($"  {step.System,-26} {step.Module,-7} {step.Does}");
        }

        output.WriteLine("Systems of other modules (plugins, host systems) run after the listed ones of their stage, in registration order.");
    }

    /// <summary>The systems a runner attached, per stage in run order; those not in the declared table are marked.</summary>
    internal static void WriteActual(TextWriter output, SimulationRunner runner)
    {
        for (var stage = TickStage.Inputs; stage <= TickStage.Publish; stage++)
        {
            output.WriteLine($"{(int)stage} {stage}");
            foreach (var system in runner.Simulation.SystemsOf(stage))
            {
                var declared = TickPipeline.RankOf(system.Name) >= 0;
                output.WriteLine($"  {system.Name}{(declared ? "" : "  (module, not in the declared default)")}");
            }
        }
    }
}
