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
                var catalog = new System.IO.MemoryStream();
                ModelCatalog.WriteJson(catalog, models, affect, appraisal);
                var root = System.Text.Json.Nodes.JsonNode.Parse(catalog.ToArray())!.AsObject();
                root["actionTendencies"] = TendenciesJson(tendencies);
                using var stdout = Console.OpenStandardOutput();
                using (var writer = new System.Text.Json.Utf8JsonWriter(stdout, new System.Text.Json.JsonWriterOptions { Indented = true }))
                {
                    root.WriteTo(writer);
                }

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

    /// <summary>The emotion -> tendency table and mood octant rows, with their citations (the text output's table as JSON).</summary>
    private static System.Text.Json.Nodes.JsonObject TendenciesJson(AffectEngine.Behaviour.TendencyTable table)
    {
        var entries = new System.Text.Json.Nodes.JsonArray();
        foreach (var e in table.Entries)
        {
            entries.Add(new System.Text.Json.Nodes.JsonObject
            {
                ["emotion"] = e.Emotion.Name(),
                ["tendency"] = AffectEngine.Behaviour.Tendencies.Name(e.Tendency),
                ["weight"] = e.Weight,
            });
        }

        var octants = new System.Text.Json.Nodes.JsonObject();
        for (var o = 0; o < 8; o++)
        {
            var row = new System.Text.Json.Nodes.JsonObject();
            for (var k = 0; k < AffectEngine.Behaviour.Tendencies.Count; k++)
            {
                var w = table.OctantWeight(o, (AffectEngine.Behaviour.Tendency)k);
                if (w != 0f)
                {
                    row[AffectEngine.Behaviour.Tendencies.Name((AffectEngine.Behaviour.Tendency)k)] = w;
                }
            }

            octants[MoodOctants.Name(o)] = row;
        }

        return new System.Text.Json.Nodes.JsonObject
        {
            ["combination"] = "t + x - t*x, x = weight * intensity, entries in table order",
            ["table"] = entries,
            ["citation"] = AffectEngine.Behaviour.TendencyTable.Citation,
            ["moodWeight"] = table.MoodWeight,
            ["moodOctants"] = octants,
            ["moodCitation"] = AffectEngine.Behaviour.TendencyTable.MoodCitation,
        };
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
