using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Versioning;

namespace AffectEngine.Embedding.Tests;

public sealed class EmbeddingTests
{
    [Fact]
    public void Embedding_sample_plays_saves_loads_and_resumes_to_the_same_hash()
    {
        var dll = Repo.Path2("sims", "embedding", "bin", Repo.Configuration, "net10.0", "AffectEngine.Sample.Embedding.dll");
        Assert.True(File.Exists(dll), $"sample not built at {dll}");

        var (exit, output) = Repo.Run("dotnet", Repo.Root, TimeSpan.FromMinutes(2), dll);

        Assert.True(exit == 0, output);
        Assert.Contains("saved at frame 120", output);
        Assert.Contains("MATCH", output);
        Assert.DoesNotContain("MISMATCH", output);

        // Game code reacts to engine events: the guard's anger (elicited at frame 90) rises that tick,
        // the subscription answers with the innkeeper's fear, and faces are printed when the dominant
        // emotion changes, not polled.
        Assert.Contains("frame  90 guard: anger 0.", output);
        Assert.Contains("he draws his club", output);
        Assert.Matches("frame 1[0-9][0-9] guard: anger down to 0\\.[0-9]+, he sheathes the club", output);
        Assert.Matches("frame  9[0-9] innkeeper: mood .* dominant=fear", output);
        Assert.True(output.IndexOf("draws his club", StringComparison.Ordinal) < output.IndexOf("dominant=fear", StringComparison.Ordinal), output);
        Assert.Contains("frame  20 innkeeper: mood", output);
    }

    [Fact]
    public void Netstandard21_builds_load_in_a_plain_netstandard21_consumer_and_hash_like_net10()
    {
        var folder = Repo.Path2("tests", "fixtures", "AffectEngine.NetStandardConsumer", "bin", Repo.Configuration, "netstandard2.1");
        Assert.True(File.Exists(Path.Combine(folder, "AffectEngine.NetStandardConsumer.dll")), $"consumer not built in {folder}");

        var context = new FolderContext(folder, "netstandard2.1 consumer");
        try
        {
            var consumer = context.LoadFromAssemblyPath(Path.Combine(folder, "AffectEngine.NetStandardConsumer.dll"));
            var run = consumer.GetType("AffectEngine.NetStandardConsumer.Consumer")!.GetMethod("Run")!;
            var hash = (ulong)run.Invoke(null, [200])!;

            // Every engine assembly the consumer used is the netstandard2.1 build, from its folder.
            var engine = context.Assemblies.Where(a => a.GetName().Name!.StartsWith("AffectEngine.", StringComparison.Ordinal) && a != consumer).ToArray();
            Assert.Equal(["AffectEngine.Abstractions", "AffectEngine.Affect", "AffectEngine.Core"], engine.Select(a => a.GetName().Name!).Order().ToArray());
            foreach (var a in engine)
            {
                Assert.Equal(".NETStandard,Version=v2.1", a.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName);
            }

            // Same build, same OS and CPU: the netstandard2.1 and net10.0 builds compute the same states.
            Assert.Equal(AffectEngine.NetStandardConsumer.Consumer.Run(200), hash);
        }
        finally
        {
            context.Unload();
        }
    }
}
