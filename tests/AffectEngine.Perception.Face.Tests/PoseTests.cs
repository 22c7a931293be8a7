using System.Linq;
using OpenCvSharp;
using Xunit.Abstractions;

namespace AffectEngine.Perception.Face.Tests;

public class PoseTests
{
    private readonly ITestOutputHelper _output;

    public PoseTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Explore()
    {
        var files = PoseModelStore.EnsureModel();
        using var est = new PoseEstimator(files.OnnxModel);
        foreach (var (name, frame) in new[] { ("down", Figure.Render(10, 10)), ("up", Figure.Render(150, 150)), ("T", Figure.Render(90, 90)), ("bow", Figure.Render(10, 10, headDrop: 30)) })
        {
            Cv2.ImWrite($"/tmp/pose/fig-{name}.png", frame);
            var k = est.Estimate(frame);
            _output.WriteLine(name + ": " + string.Join(" ", k.Select((p, i) => $"{i}:({p.X:F0},{p.Y:F0},{p.Score:F2})")));
        }
    }
}
