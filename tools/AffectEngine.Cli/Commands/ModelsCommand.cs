using System;
using System.CommandLine;
using System.Globalization;
using AffectEngine.Affect;
using AffectEngine.Appraisal;
using AffectEngine.Hosting;

namespace AffectEngine.Cli.Commands;

/// <summary><c>affect models [--json] [--scenario file]</c>: every model constant in use, with its citation.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object (kebab-case emotion names)." };
        var scenarioOption = new Option<string?>("--scenario") { Description = "Show the values a scenario runs with: its appraisal model's published defaults under the scenario's \"models\" section." };
        var command = new Command("models", "Print every model constant in use (OCC->PAD, decay, personality coefficients, thresholds) with its citation.")
        {
            json,
            scenarioOption,
        };
        command.SetAction(parse =>
        {
            var models = EngineSetup.AppraisalModels();
            AffectSettings? affect = null;
            AppraisalSettings? appraisal = null;
            var path = parse.GetValue(scenarioOption);
            string? preamble = null;
            var tendencies = AffectEngine.Behaviour.TendencyTable.CreateDefault();
            if (path is not null)
            {
                var scenario = ScenarioFiles.Load(path);
                using var runner = EngineSetup.CreateRunner(scenario, new RunOverrides { Ticks = 0 }, stageHashes: false);
                foreach (var m in runner.Modules)
                {
                    if (m is BehaviourEngineModule behaviour)
                    {
                        tendencies = behaviour.Behaviour.Settings.Tendencies;
                    }

                    if (m is AffectEngineModule module)
                    {
                        affect = module.Settings;
                        appraisal = module.Appraisal.Settings;
                        preamble = Preamble(path, module.Appraisal.Model);
                    }
                }
            }

            if (parse.GetValue(json))
            {
                using var stdout = Console.OpenStandardOutput();
                ModelCatalog.WriteJson(stdout, models, affect, appraisal);
                stdout.Flush();
                Console.Out.WriteLine();
            }
            else
            {
                if (preamble is not null)
                {
                    Console.Out.WriteLine(preamble);
                    Console.Out.WriteLine();
                }

                ModelCatalog.WriteText(Console.Out, models, affect, appraisal);
                Console.Out.WriteLine();
                tendencies.WriteText(Console.Out);
            }

            return 0;
        });
        return command;
    }

    private static string Preamble(string path, IAppraisalModel model)
    {
        var text = string.Format(CultureInfo.InvariantCulture, "Scenario {0}: appraisal model '{1}'", path, model.Name);
        if (model is IAppraisalModelOptions options)
        {
            foreach (var pair in options.Options)
            {
                text += ", " + pair.Key + " = " + pair.Value;
            }
        }

        return text;
    }
}
