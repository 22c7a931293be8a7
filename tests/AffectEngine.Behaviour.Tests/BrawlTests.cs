using System.Linq;
using AffectEngine.Hosting;
using Xunit.Abstractions;

namespace AffectEngine.Behaviour.Tests;

/// <summary>sims/tavern-brawl: one scripted insult, and the rest emerges from NPCs appraising NPCs' actions.</summary>
public sealed class BrawlTests
{
    private readonly ITestOutputHelper _out;

    public BrawlTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public void Trace_brawl()
    {
        using var runner = Sims.Create(Sims.Load("sims", "tavern-brawl", "brawl.json"));
        var lines = Sims.Trace(runner, 22);
        foreach (var name in new[] { "garth", "wynn", "hilda", "tom" })
        {
            runner.TryGetAgent(name, out var id);
            var a = runner.Affect;
            _out.WriteLine($"{name}: anger {a.Intensity(id, Affect.EmotionType.Anger)} distress {a.Intensity(id, Affect.EmotionType.Distress)} reproach {a.Intensity(id, Affect.EmotionType.Reproach)} pity {a.Intensity(id, Affect.EmotionType.Pity)} attack {runner.Behaviour().Readiness(id, Tendency.Attack)} avoid {runner.Behaviour().Readiness(id, Tendency.Avoid)} rules {runner.Behaviour().RulesOf(id.Slot)} prov {runner.Behaviour().Provoker(id)}");
        }

        lines.AddRange(Sims.Trace(runner, 278));
        foreach (var l in lines.Take(40))
        {
            _out.WriteLine(l);
        }
    }
}
