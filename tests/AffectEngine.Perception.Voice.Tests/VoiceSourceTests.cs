using System;
using System.IO;
using System.IO.Pipes;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using AffectEngine.Perception.Voice.Audio;

namespace AffectEngine.Perception.Voice.Tests;

/// <summary>The voice: inputs: WAV formats sox writes, malformed files, raw PCM on a pipe and over loopback UDP, capture devices.</summary>
public sealed class VoiceSourceTests
{
    [Theory]
    [InlineData(8000, 16, 1, false)]
    [InlineData(16000, 16, 1, false)]
    [InlineData(44100, 24, 2, false)]
    [InlineData(48000, 32, 1, false)]
    [InlineData(32000, 16, 2, false)]
    [InlineData(22050, 32, 2, true)]
    public void Wav_files_of_common_rates_depths_and_channel_counts_read_alike(int rate, int bits, int channels, bool floatSamples)
    {
        var original = TestAudio.Speak(4, TestAudio.Neutral);
        var converted = TestAudio.Convert(original, rate, bits, channels, floatSamples);
        var clip = WavReader.Read(converted);
        Assert.Equal(rate, clip.SampleRate);
        Assert.Contains(floatSamples ? "32-bit float" : $"{bits}-bit PCM", clip.Description);
        Assert.Equal(WavReader.Read(original).Seconds, clip.Seconds, 2);

        var reference = TestAudio.Analyse(original).Readings;
        var readings = TestAudio.Analyse(converted).Readings;
        Assert.Equal(reference.Count, readings.Count);

        // Same speech, same pitch: 8 kHz telephone audio too (its band still holds F0's harmonics).
        for (var i = 0; i < readings.Count; i++)
        {
            Assert.Equal(reference[i].Prosody.F0MeanSemitones, readings[i].Prosody.F0MeanSemitones, 0.6f);
        }
    }

    [Fact]
    public void A_malformed_wav_is_refused_with_the_file_name_and_the_reason()
    {
        var dir = TestAudio.Dir;
        var text = Path.Combine(dir, "notes.wav");
        File.WriteAllText(text, "these are my notes, not audio\n");
        var truncated = Path.Combine(dir, "truncated.wav");
        File.WriteAllBytes(truncated, File.ReadAllBytes(TestAudio.Speak(4, TestAudio.Neutral)).AsSpan(0, 30).ToArray());
        var adpcm = Path.Combine(dir, "adpcm.wav");
        TestAudio.Sox(TestAudio.Speak(4, TestAudio.Neutral), "-e", "ms-adpcm", adpcm);

        foreach (var (file, reason) in new[] { (text, "not a WAV file"), (truncated, "truncated"), (adpcm, "format tag 2") })
        {
            var e = Assert.Throws<IOException>(() => TestAudio.Analyse(file));
            Assert.Contains(file, e.Message);
            Assert.Contains(reason, e.Message);
        }
    }

    [Fact]
    public async Task Raw_pcm_on_a_pipe_is_read_in_any_layout_and_gives_the_files_readings()
    {
        var wav = TestAudio.Speak(4, TestAudio.Neutral);
        var raw = Path.Combine(TestAudio.Dir, "pipe.f32");
        TestAudio.Sox(wav, "-t", "raw", "-r", "44100", "-e", "floating-point", "-b", "32", "-c", "2", raw);
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        Assert.IsType<VoiceStreamSource>(VoiceSources.Create("voice:stdin@44100,f32le,2", "stdin@44100,f32le,2", null));
        var source = new VoiceStreamSource("voice:stdin@44100,f32le,2", VoiceStreamKind.Stdin, new PcmLayout(44100, SampleEncoding.Float32, 2), null, null, () => new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle));
        var sink = new CollectingSink();
        await source.StartAsync(sink, CancellationToken.None);
        var bytes = File.ReadAllBytes(raw);

        // Written in odd-sized pieces: frames are split across reads as on a real pipe.
        for (var i = 0; i < bytes.Length; i += 4099)
        {
            server.Write(bytes, i, Math.Min(4099, bytes.Length - i));
        }

        server.Dispose();
        var expected = TestAudio.Analyse(wav).Readings.Count;
        for (var t = 0; t < 300 && source.Segments < expected; t++)
        {
            await Task.Delay(100);
        }

        await source.StopAsync();
        Assert.Equal(expected, sink.Percepts.Count);
        Assert.All(sink.Percepts, p => Assert.Equal(Modality.Voice, p.Modality));
        Assert.Empty(sink.Rejects);
    }

    [Fact]
    public async Task Pcm_datagrams_from_a_real_udp_peer_on_loopback_are_analysed_and_bad_ones_counted()
    {
        var source = (VoiceStreamSource)VoiceSources.Create("voice:udp:127.0.0.1:0", "udp:127.0.0.1:0", null);
        var sink = new CollectingSink();
        await source.StartAsync(sink, CancellationToken.None);
        try
        {
            var pcm = TestAudio.RawS16At16k(TestAudio.Speak(5, TestAudio.Neutral));
            using var peer = new UdpClient(AddressFamily.InterNetwork);
            var target = new IPEndPoint(IPAddress.Loopback, source.BoundPort);
            await peer.SendAsync(new byte[] { 1, 2, 3 }, target);        // half a sample: malformed
            for (var i = 0; i < pcm.Length; i += 640)
            {
                await peer.SendAsync(pcm.AsMemory(i, Math.Min(640, pcm.Length - i)), target);
                if (i % (640 * 25) == 0)
                {
                    await Task.Delay(5);   // a sender paces itself; loopback buffers are not endless
                }
            }

            var silence = new byte[640];
            for (var i = 0; i < 50; i++)
            {
                await peer.SendAsync(silence, target);
            }

            for (var t = 0; t < 200 && source.Segments == 0; t++)
            {
                await Task.Delay(100);
            }
        }
        finally
        {
            await source.StopAsync();
            await source.StopAsync();
        }

        Assert.True(sink.Percepts.Count >= 1, "no reading from the streamed speech");
        Assert.Contains("malformed", sink.Rejects);
        Assert.All(sink.Percepts, p => Assert.True(p.Affect is { } va && float.IsFinite(va.Arousal)));
    }

    [Fact]
    public async Task Capture_without_a_device_or_sound_server_fails_at_start_with_a_clear_reason()
    {
        var alsa = VoiceSources.Create("voice:alsa", "alsa", null);
        var sink = new CollectingSink();
        if (!Directory.Exists("/dev/snd"))
        {
            var e = await Assert.ThrowsAsync<IOException>(() => alsa.StartAsync(sink, CancellationToken.None));
            Assert.Contains("/dev/snd", e.Message);
        }

        // parec against a sound server that is not there exits at once; its reason is passed on.
        var pulse = VoiceSources.Create("voice:pulse:nosuchsource", "pulse:nosuchsource", null);
        var old = Environment.GetEnvironmentVariable("PULSE_SERVER");
        Environment.SetEnvironmentVariable("PULSE_SERVER", "unix:/nonexistent/affect-test-socket");
        try
        {
            var e = await Assert.ThrowsAsync<IOException>(() => pulse.StartAsync(sink, CancellationToken.None));
            Assert.Contains("voice:pulse:nosuchsource", e.Message);
            Assert.Contains("parec", e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PULSE_SERVER", old);
            await pulse.StopAsync();
        }
    }

    [Theory]
    [InlineData("voice:")]
    [InlineData("voice:udp:nohost:9000")]
    [InlineData("voice:udp:70000")]
    [InlineData("voice:stdin@99")]
    [InlineData("voice:stdin@16000,s8le")]
    [InlineData("voice:stdin@16000,s16le,3")]
    [InlineData("voice:alsa@44100")]
    [InlineData("voice:pulse:")]
    public void Malformed_specs_are_format_errors_that_quote_the_spec(string spec)
    {
        var e = Assert.Throws<FormatException>(() => VoiceSources.Create(spec, spec["voice:".Length..], null));
        Assert.Contains(spec, e.Message);
    }

    [Fact]
    public void A_missing_file_is_a_file_not_found_error_and_relative_paths_use_the_base_directory()
    {
        var e = Assert.Throws<FileNotFoundException>(() => VoiceSources.Create("voice:nope.wav", "nope.wav", TestAudio.Dir));
        Assert.Contains(Path.Combine(TestAudio.Dir, "nope.wav"), e.Message);
        var wav = TestAudio.Speak(4, TestAudio.Neutral);
        var source = VoiceSources.Create("voice:" + Path.GetFileName(wav), Path.GetFileName(wav), Path.GetDirectoryName(wav));
        Assert.True(source.IsRecording);
        Assert.Equal(Modality.Voice, source.Modality);
    }
}
