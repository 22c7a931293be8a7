using System;
using System.Collections.Generic;
using System.IO;

namespace AffectEngine.Visualizer.Tests;

/// <summary>The visualizer shows the social module's relations and memories and the perceived person, from a scenario alone.</summary>
public sealed class ProviderTests
{
    private static string Sim(params string[] parts) => Repo.Path2(["sims", .. parts]);

    [Fact]
    public void Tavern_relations_become_lines_and_memories_become_panel_notes()
    {
        var options = new VisualizerOptions { Scenario = Sim("tavern", "tavern.json") };
        using var sim = SimulationFactory.Create(options);
        var runner = ((RunnerSimulation)sim).Runner;
        Assert.True(runner.TryGetAgent("mara", out var mara));
        Assert.True(runner.TryGetAgent("bren", out var bren));
        Assert.NotNull(sim.Relations);
        for (var t = 0; t < options.Ticks; t++)
        {
            sim.Step();
        }

        var lines = new List<Relation>();
        sim.Relations!.GetRelations(sim.World, lines);
        var maraToBren = Assert.Single(lines, r => r.From == mara && r.To == bren);
        Assert.True(maraToBren.Liking < 0f, $"after the theft and the fight Mara dislikes Bren; liking {maraToBren.Liking}");

        var notes = new List<string>();
        sim.Notes!.GetNotes(sim.World, mara, 5, notes);
        Assert.NotEmpty(notes);
        Assert.Contains(notes, n => n.Contains("by bren", StringComparison.Ordinal));
        Assert.True(notes.Count <= 5);
    }

    [Fact]
    public void The_trainee_recognized_face_is_shown_beside_the_patient_who_attends_to_it()
    {
        var options = new VisualizerOptions { Scenario = Sim("empathy-training", "patient.json"), Ticks = 100 };
        using var sim = SimulationFactory.Create(options);
        var runner = ((RunnerSimulation)sim).Runner;
        Assert.True(runner.TryGetAgent("patient", out var patient));
        Assert.NotNull(sim.Perceived);
        for (var t = 0; t < 100; t++)
        {
            sim.Step();
        }

        var shown = new List<PerceivedEmotion>();
        sim.Perceived!.GetPerceived(sim.World, shown);
        var label = Assert.Single(shown);
        Assert.Equal(patient, label.Agent);
        Assert.Equal("trainee", label.Person);
        Assert.False(string.IsNullOrEmpty(label.Label));
        Assert.InRange(label.Confidence, 0f, 1f);
    }

    [Fact]
    public void A_scenario_that_selects_GAMYGDALA_runs_in_the_visualizer_as_in_affect_run()
    {
        var dir = Path.Combine(Path.GetTempPath(), "affect-vis-gam-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var text = File.ReadAllText(Sim("tavern", "tavern.json"));
            Assert.Contains("\"appraisal\": \"occ\"", text, StringComparison.Ordinal);
            var path = Path.Combine(dir, "tavern-gamygdala.json");
            File.WriteAllText(path, text.Replace("\"appraisal\": \"occ\"", "\"appraisal\": \"gamygdala\"", StringComparison.Ordinal));
            var options = new VisualizerOptions { Scenario = path, Ticks = 150 };
            using var gamygdala = SimulationFactory.Create(options);
            using var occ = SimulationFactory.Create(new VisualizerOptions { Scenario = Sim("tavern", "tavern.json"), Ticks = 150 });
            for (var t = 0; t < 150; t++)
            {
                gamygdala.Step();
                occ.Step();
            }

            Assert.NotEqual(occ.StateHash, gamygdala.StateHash);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
