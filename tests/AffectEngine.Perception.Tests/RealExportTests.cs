using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AffectEngine.Perception.Tests;

/// <summary>Real exports as the tools write them, and the inspector's answers to bad input.</summary>
public class RealExportTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    // iMotions 6.x classic text export: '#' metadata block, tab-separated, CRLF, Timestamp in ms.
    private static string IMotionsTxt(bool facet)
    {
        var sb = new StringBuilder();
        sb.Append("#Study name\tRosa pilot\r\n#Respondent Name\tP07\r\n#Respondent Gender\tFEMALE\r\n#Recording time\t2017-03-14 10:02:11\r\n#DATA\r\n");
        var classes = facet
            ? new[] { "Joy Evidence", "Anger Evidence", "Surprise Evidence", "Fear Evidence", "Contempt Evidence", "Disgust Evidence", "Sadness Evidence", "Confusion Evidence", "Frustration Evidence", "Neutral Evidence", "Positive Evidence", "Negative Evidence" }
            : new[] { "Anger", "Sadness", "Disgust", "Joy", "Surprise", "Fear", "Contempt", "Valence", "Engagement" };
        sb.Append("StudyName\tExportDate\tName\tAge\tGender\tStimulusName\tSlideType\tEventSource\tTimestamp\tMediaTime\tPostMarker\tAnnotation\tFrameNo\tFrameTime\tNoOfFaces\tFaceRect X\tFaceRect Y\tFaceRect Width\tFaceRect Height\t")
          .Append(string.Join("\t", classes)).Append("\r\n");
        for (var i = 0; i < 60; i++)
        {
            var t = 1000 + (i * 33.3);
            var smiling = i >= 20;
            string[] values;
            if (facet)
            {
                // log10 odds: mostly negative; joy rises to +1.8 while smiling.
                values = new[] { smiling ? 1.8 : -1.2, -2.1, -1.4, -2.6, -1.0, -1.9, -1.6, -1.1, -1.7, smiling ? -1.5 : 0.9, smiling ? 1.2 : -0.8, -1.3 }
                    .Select(v => v.ToString("0.000", Inv)).ToArray();
            }
            else
            {
                values = new[] { 0.01, 0.2, 0.03, smiling ? 92.5 : 0.4, 0.9, 0.02, 0.3, smiling ? 88.0 : 0.0, smiling ? 95.0 : 2.0 }
                    .Select(v => v.ToString("0.####", Inv)).ToArray();
            }

            var faceless = i == 10;
            sb.Append("Rosa pilot\t20170314\tP07\t34\tFEMALE\tclip1\tTestImage\tFACET\t").Append(t.ToString("0.#", Inv)).Append('\t')
              .Append(i * 33).Append("\t\t\t").Append(i + 1).Append('\t').Append(t.ToString("0", Inv)).Append('\t').Append(faceless ? "0" : "1")
              .Append("\t210\t120\t180\t180\t")
              .Append(faceless ? string.Join("\t", Enumerable.Repeat(string.Empty, values.Length)) : string.Join("\t", values)).Append("\r\n");
        }

        return sb.ToString();
    }

    private static async Task<(int Code, string Out, string Err)> Inspect(string spec, double seconds = 0)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await PerceptsInspector.RunAsync(spec, seconds, null, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_classic_tab_separated_iMotions_txt_export_is_read_and_named(bool facet)
    {
        using var tmp = new TempFolder();
        var path = tmp.File(facet ? "P07_facet.txt" : "P07_affdex.txt");
        File.WriteAllText(path, IMotionsTxt(facet));
        var (code, output, err) = await Inspect("imotions:" + path);
        Assert.True(code == 0, err);
        Assert.Equal(string.Empty, err);
        Assert.Contains(facet ? "tab-separated text export of Emotient FACET evidence" : "tab-separated text export of Affectiva AFFDEX scores", output);
        Assert.Contains("accepted 60 percepts", output);
        Assert.DoesNotContain("rejected", output);

        var sink = new RecordingSink();
        await using (var source = PerceptionSourceFactory.Create("imotions:" + path))
        {
            await source.StartAsync(sink, CancellationToken.None);
        }

        var p = sink.Percepts.ToArray();
        Assert.Equal("P07", p[0].Person);
        Assert.Equal(1.0, p[0].SourceTime, 3);
        Assert.True(p[10].Quality.HasFlag(PerceptQuality.NoFace));
        var last = p[^1];
        var joy = last.ClassProbabilities.Span[last.Labels!.IndexOf("Joy")];
        if (facet)
        {
            Assert.Equal("facet", last.LabelSet);
            Assert.Equal(1 / (1 + Math.Pow(10, -1.8)), joy, 4); // log10 odds → probability
            Assert.Equal(1 / (1 + Math.Pow(10, 1.2)), p[0].ClassProbabilities.Span[last.Labels.IndexOf("Joy")], 4);
            Assert.True(last.Affect!.Value.Valence > 0.8f); // Positive − Negative evidence
        }
        else
        {
            Assert.Equal(0.925f, joy, 3);
            Assert.Equal(0.88f, last.Affect!.Value.Valence, 3);
        }

        await using var hub = new PerceptionHub();
        hub.AddSource(PerceptionSourceFactory.Create("imotions:" + path), person: "t");
        await hub.StartAsync();
        PerceptInput? fused = null;
        for (long tick = 0; !hub.RecordingsFinished; tick++)
        {
            fused = hub.ProduceInputs(tick, tick * 0.1).Single();
        }

        Assert.Equal(EmotionCategory.Happiness, fused!.Category);
        Assert.True(fused.Valence > 0.3f);
    }

    [Fact]
    public async Task A_UTF16_export_is_decoded_and_a_binary_file_is_refused_without_garbage()
    {
        using var tmp = new TempFolder();
        var utf16 = tmp.File("affdex16.txt");
        File.WriteAllText(utf16, IMotionsTxt(false), new UnicodeEncoding(bigEndian: false, byteOrderMark: true));
        var (code, output, err) = await Inspect("imotions:" + utf16);
        Assert.True(code == 0, err);
        Assert.Contains("accepted 60 percepts", output);

        var noBom = tmp.File("affdex16-nobom.txt");
        File.WriteAllBytes(noBom, Encoding.Unicode.GetBytes(IMotionsTxt(false)));
        Assert.Equal(0, (await Inspect("imotions:" + noBom)).Code);

        var binary = tmp.File("video.csv");
        var bytes = new byte[4096];
        new Random(1).NextBytes(bytes);
        bytes[0] = 0x1A;
        File.WriteAllBytes(binary, bytes);
        (code, output, err) = await Inspect("openface:" + binary);
        Assert.Equal(2, code);
        Assert.Contains("is a binary file", err);
        Assert.DoesNotContain('\0', err);
        Assert.True(err.Length < 400, err);
        Assert.DoesNotContain("error", output);
    }

    [Fact]
    public async Task A_header_only_file_and_a_file_whose_every_row_is_refused_fail_on_stderr()
    {
        using var tmp = new TempFolder();
        var header = tmp.File("header.csv");
        var lines = File.ReadAllLines(Fixture.Path("openface_smile_v22.csv"));
        File.WriteAllText(header, lines[0] + "\n");
        var (code, output, err) = await Inspect("openface:" + header);
        Assert.Equal(2, code);
        Assert.Contains("has a header but no data rows", err);
        Assert.DoesNotContain("error", output);

        var refused = tmp.File("refused.csv");
        File.WriteAllText(refused, "time,valence,arousal\n0.0,nan,0.1\n0.1,3.5,0.2\n0.2,0.1\n");
        (code, output, err) = await Inspect("csv:" + refused);
        Assert.Equal(2, code);
        Assert.Contains("no usable percept: every row was refused", err);
        Assert.Contains("malformed", err);
    }

    [Fact]
    public async Task Files_play_to_their_end_and_seconds_limits_raw_and_fused_alike()
    {
        using var tmp = new TempFolder();
        var path = RealSmileTests.Write(tmp.File("long.csv"), "smile", 14, seed: 5);
        var (code, output, _) = await Inspect("openface:" + path);
        Assert.Equal(0, code);
        var fusedTimes = output.Split('\n').Where(l => l.StartsWith("fused t=", StringComparison.Ordinal)).Select(l => double.Parse(l.Substring(8, l.IndexOf(' ', 8) - 8), Inv)).ToArray();
        Assert.True(fusedTimes.Max() >= 13.9, $"played to {fusedTimes.Max()} s");

        (code, output, _) = await Inspect("openface:" + path, seconds: 3);
        Assert.Equal(0, code);
        var rawTimes = output.Split('\n').Where(l => l.StartsWith("raw t=", StringComparison.Ordinal)).Select(l => double.Parse(l.Substring(6, l.IndexOf(' ', 6) - 6), Inv)).ToArray();
        Assert.InRange(rawTimes.Max(), 2.9, 3.0);
        Assert.Contains("not shown:", output);
        fusedTimes = output.Split('\n').Where(l => l.StartsWith("fused t=", StringComparison.Ordinal)).Select(l => double.Parse(l.Substring(8, l.IndexOf(' ', 8) - 8), Inv)).ToArray();
        Assert.InRange(fusedTimes.Max(), 2.9, 3.0);
    }
}
