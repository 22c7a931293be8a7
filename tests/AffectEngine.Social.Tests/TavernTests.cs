using System.IO;
using AffectEngine.Affect;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;

namespace AffectEngine.Social.Tests;

/// <summary>
/// sims/tavern: a theft (10 s), a gift (30 s), a fight (50 s) and the victim meeting the thief again
/// (80 s), from the JSON alone. The claims of its README: anger and reproach lower liking, gratitude
/// and admiration raise it (docs/social.md, "Relations"); the likings decide the fortunes-of-others
/// emotions (OCC); meeting the thief brings the victim's anger back, weaker (recall, docs/social.md).
/// </summary>
public sealed class TavernTests
{
    private const long Theft = 100;
    private const long Gift = 300;
    private const long Fight = 500;
    private const long Reunion = 800;

    private static Scenario Load() => ScenarioLoader.Load(Path.Combine(CrowdContagionTests.Root(), "sims", "tavern", "tavern.json"));

    private static (SimulationRunner Runner, AgentId Mara, AgentId Bren, AgentId Odo) Create(Scenario? scenario = null, int threads = 1)
    {
        var runner = ScenarioHost.CreateRunner(scenario ?? Load(), new RunOverrides { Threads = threads });
        runner.TryGetAgent("mara", out var mara);
        runner.TryGetAgent("bren", out var bren);
        runner.TryGetAgent("odo", out var odo);
        return (runner, mara, bren, odo);
    }

    /// <summary>Runs until <paramref name="tick"/> is the next tick to run.</summary>
    private static void RunTo(SimulationRunner runner, long tick) => runner.Run(tick - runner.Tick);

    [Fact]
    public void The_tavern_runs_headless_to_completion()
    {
        var scenario = Load();
        var (runner, _, _, _) = Create(scenario);
        using (runner)
        {
            runner.Run(scenario.Run.Ticks);
            Assert.Equal(scenario.Run.Ticks, runner.Tick);
            Assert.Equal(4, runner.World.AgentCount);
        }
    }

    [Fact]
    public void Anger_at_the_theft_turns_liking_of_the_thief_into_dislike_and_gratitude_for_the_gift_raises_liking_of_the_giver()
    {
        var (runner, mara, bren, odo) = Create();
        using (runner)
        {
            var relations = runner.Social().Relations;
            RunTo(runner, Theft);
            var before = relations.Liking(mara, bren);
            Assert.Equal(0.3f, before);
            runner.Step();
            var angry = runner.Affect.Intensity(mara, EmotionType.Anger);
            Assert.True(angry > 0.1f, $"anger {angry}");
            var after = relations.Liking(mara, bren);
            Assert.True(after < before - 0.3f, $"liking of the thief {before} -> {after}");

            RunTo(runner, Gift);
            Assert.Equal(0f, relations.Liking(mara, odo));
            runner.Step();
            Assert.True(runner.Affect.Intensity(mara, EmotionType.Gratitude) > 0.1f);
            Assert.True(relations.Liking(mara, odo) > 0.3f, $"liking of the giver {relations.Liking(mara, odo)}");

            runner.Run(900 - runner.Tick);
            Assert.True(relations.Liking(mara, bren) < 0f, $"the thief is disliked afterwards: {relations.Liking(mara, bren)}");
        }
    }

    [Fact]
    public void Meeting_the_thief_again_brings_the_victims_anger_back_weaker()
    {
        var (runner, mara, bren, _) = Create();
        using (runner)
        {
            RunTo(runner, Theft + 1);
            var peak = runner.Affect.Intensity(mara, EmotionType.Anger);
            RunTo(runner, Reunion);
            var calm = runner.Affect.Intensity(mara, EmotionType.Anger);
            runner.Step();
            var recalled = runner.Affect.Intensity(mara, EmotionType.Anger);
            Assert.True(calm < 0.01f, $"anger had faded: {calm}");
            Assert.True(recalled > 0.05f, $"anger came back: {recalled}");
            Assert.True(recalled < peak, $"attenuated: recalled {recalled} < first {peak}");
        }
    }

    [Fact]
    public void Without_an_encounter_the_anger_does_not_come_back()
    {
        var scenario = Load();
        scenario.Events.RemoveAll(e => e.Encounter is not null);
        var (runner, mara, _, _) = Create(scenario);
        using (runner)
        {
            RunTo(runner, Reunion + 1);
            Assert.True(runner.Affect.Intensity(mara, EmotionType.Anger) < 0.01f);
        }
    }

    [Fact]
    public void Pity_for_the_punched_traveller_comes_from_the_liking_the_gift_created()
    {
        // OCC's fortunes-of-others: pity needs liking of the unlucky one. Mara met Odo tonight; only his
        // gift makes her like him, so only with the gift does she pity him when Bren punches him.
        var (withGift, mara, _, _) = Create();
        var noGift = Load();
        noGift.Events.RemoveAll(e => e.Action == "buy-round");
        var (without, mara2, _, _) = Create(noGift);
        using (withGift)
        using (without)
        {
            RunTo(withGift, Fight + 1);
            RunTo(without, Fight + 1);
            Assert.True(withGift.Affect.Intensity(mara, EmotionType.Pity) > 0.1f, $"pity {withGift.Affect.Intensity(mara, EmotionType.Pity)}");
            Assert.Equal(0f, without.Affect.Intensity(mara2, EmotionType.Pity));
        }
    }

    [Fact]
    public void Episodes_are_remembered_and_the_tavern_is_deterministic_across_threads()
    {
        var (one, mara, bren, _) = Create(threads: 1);
        var (two, _, _, _) = Create(threads: 2);
        using (one)
        using (two)
        {
            for (var t = 0; t < 900; t++)
            {
                one.Step();
                two.Step();
                Assert.True(one.LastHash == two.LastHash, $"tick {t}");
            }

            var episodes = new Episode[20];
            var n = one.Social().Memory.CopyEpisodes(mara, one.Tick, episodes);
            Assert.Equal(3, n); // the theft, the gift, the fight
            Assert.Equal(bren, episodes[0].Actor);
            Assert.Equal(Theft, episodes[0].Tick);
        }
    }
}
