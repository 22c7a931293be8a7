using System;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace AffectEngine.Embedding.Tests;

/// <summary>
/// The engine as NuGet packages: `dotnet pack` gives packages with both builds, XML docs and the README,
/// and a plain netstandard2.1 project restores them from a feed (not project references) and runs.
/// </summary>
public sealed class PackageTests
{
    private static readonly string[] Packed = ["AffectEngine.Abstractions", "AffectEngine.Core", "AffectEngine.Affect"];

    [Fact]
    public void Packed_libraries_restore_and_run_in_a_plain_netstandard21_consumer()
    {
        var work = Path.Combine(Path.GetTempPath(), "affect-pack-" + Guid.NewGuid().ToString("N"));
        var feed = Path.Combine(work, "feed");
        var consumer = Path.Combine(work, "consumer");
        Directory.CreateDirectory(consumer);
        // A version no real release has, restored into a private packages folder: nothing leaks into the user's cache.
        const string version = "0.1.0-packtest";
        try
        {
            foreach (var name in Packed)
            {
                var (code, output) = Repo.Run("dotnet", Repo.Root, TimeSpan.FromMinutes(5),
                    "pack", Repo.Path2("engine", name, name + ".csproj"), "-c", Repo.Configuration, "--no-build", "-o", feed, "-p:Version=" + version);
                Assert.True(code == 0, $"dotnet pack {name} failed:\n{output}");
                using var zip = ZipFile.OpenRead(Path.Combine(feed, $"{name}.{version}.nupkg"));
                var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
                foreach (var tfm in new[] { "netstandard2.1", "net10.0" })
                {
                    Assert.Contains($"lib/{tfm}/{name}.dll", entries);
                    Assert.Contains($"lib/{tfm}/{name}.xml", entries);
                }

                Assert.Contains("README.md", entries);
            }

            File.Copy(Repo.Path2("tests", "fixtures", "AffectEngine.NetStandardConsumer", "Consumer.cs"), Path.Combine(consumer, "Consumer.cs"));
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>netstandard2.1</TargetFramework>
                    <LangVersion>latest</LangVersion>
                    <AssemblyName>AffectEngine.NetStandardConsumer</AssemblyName>
                    <CopyLocalLockFileAssemblies>true</CopyLocalLockFileAssemblies>
                    <RestorePackagesPath>{Path.Combine(work, "packages")}</RestorePackagesPath>
                    <RestoreAdditionalProjectSources>{feed}</RestoreAdditionalProjectSources>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="AffectEngine.Affect" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            var build = Repo.Run("dotnet", consumer, TimeSpan.FromMinutes(5), "build", "-c", "Release");
            Assert.True(build.ExitCode == 0, "the consumer did not build against the packages:\n" + build.Output);

            var folder = Path.Combine(consumer, "bin", "Release", "netstandard2.1");
            var context = new FolderContext(folder, "packaged consumer");
            try
            {
                var assembly = context.LoadFromAssemblyPath(Path.Combine(folder, "AffectEngine.NetStandardConsumer.dll"));
                var hash = (ulong)assembly.GetType("AffectEngine.NetStandardConsumer.Consumer")!.GetMethod("Run")!.Invoke(null, [120])!;
                var engine = context.Assemblies.Where(a => a.GetName().Name!.StartsWith("AffectEngine.", StringComparison.Ordinal) && a != assembly).ToArray();
                Assert.Equal(Packed.Order().ToArray(), engine.Select(a => a.GetName().Name!).Order().ToArray());
                Assert.All(engine, a => Assert.StartsWith(Path.Combine(work, "consumer"), a.Location, StringComparison.Ordinal));
                Assert.Equal(AffectEngine.NetStandardConsumer.Consumer.Run(120), hash);
            }
            finally
            {
                context.Unload();
            }
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // An unloading context may still hold a file; the temp folder is disposable.
            }
        }
    }
}
