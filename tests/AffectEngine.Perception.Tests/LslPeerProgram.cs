using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using AffectEngine.Perception.Lsl;

namespace AffectEngine.Perception.Tests;

/// <summary>
/// Entry point of this assembly when run with <c>dotnet exec</c>: an out-of-process LSL outlet for the
/// two-process test. Usage: <c>lsl-outlet &lt;stream-name&gt; &lt;seconds&gt;</c>.
/// </summary>
public static class LslPeerProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 3 || args[0] != "lsl-outlet")
        {
            await Console.Error.WriteLineAsync("usage: lsl-outlet <stream-name> <seconds>");
            return 1;
        }

        var seconds = double.Parse(args[2], CultureInfo.InvariantCulture);
        await using var outlet = new LslOutlet(args[1], "Emotion", LslOutlet.EmotionChannels(new[] { "p1" }), nominalRate: 50, sourceId: "affect-test-peer");
        Console.WriteLine($"ready {outlet.Uid} {outlet.DataPort}");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var n = 0;
        try
        {
            while (!cts.IsCancellationRequested)
            {
                // category 2 = happiness, confidence, valence, arousal, dominance
                outlet.PushSample(new[] { 2f, 0.8f, 0.5f, 0.25f, 0.1f });
                n++;
                await Task.Delay(20, cts.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }

        Console.WriteLine($"sent {n}");
        return 0;
    }
}
