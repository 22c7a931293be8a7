using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace AffectEngine.Embedding.Tests;

/// <summary>Resolves AffectEngine assemblies from one folder; everything else (the BCL, System.IO.Hashing) from the host.</summary>
internal sealed class FolderContext(string folder, string name) : AssemblyLoadContext(name, isCollectible: true)
{
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = Path.Combine(folder, assemblyName.Name + ".dll");
        return assemblyName.Name!.StartsWith("AffectEngine.", StringComparison.Ordinal) && File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
