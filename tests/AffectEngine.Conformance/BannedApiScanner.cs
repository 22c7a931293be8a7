using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace AffectEngine.Conformance;

/// <summary>
/// Finds references to the wall clock, unseeded randomness and console I/O in a compiled assembly by
/// reading its metadata (System.Reflection.Metadata), so a plugin built elsewhere, without the
/// engine's BannedApiAnalyzers, is still held to engine/BannedSymbols.txt.
/// </summary>
public static class BannedApiScanner
{
    // (type, member or "*" for any member, parameter count or -1 for any overload)
    private static readonly (string Type, string Member, int Parameters)[] Banned =
    [
        ("System.DateTime", "get_Now", -1),
        ("System.DateTime", "get_UtcNow", -1),
        ("System.DateTime", "get_Today", -1),
        ("System.DateTimeOffset", "get_Now", -1),
        ("System.DateTimeOffset", "get_UtcNow", -1),
        ("System.Environment", "get_TickCount", -1),
        ("System.Environment", "get_TickCount64", -1),
        ("System.Random", ".ctor", 0),
        ("System.Random", "get_Shared", -1),
        ("System.Guid", "NewGuid", -1),
        ("System.Diagnostics.Stopwatch", "*", -1),
        ("System.Console", "*", -1),
        ("System.TimeProvider", "get_System", -1),
    ];

    /// <summary>"Type::Member" of every banned reference in the assembly at <paramref name="path"/>, sorted.</summary>
    public static IReadOnlyList<string> Scan(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var found = new SortedSet<string>(System.StringComparer.Ordinal);
        foreach (var handle in md.MemberReferences)
        {
            var member = md.GetMemberReference(handle);
            if (member.Parent.Kind != HandleKind.TypeReference)
            {
                continue;
            }

            var type = FullName(md, (TypeReferenceHandle)member.Parent);
            var name = md.GetString(member.Name);
            foreach (var (bannedType, bannedMember, parameters) in Banned)
            {
                if (type != bannedType || (bannedMember != "*" && bannedMember != name))
                {
                    continue;
                }

                if (parameters >= 0 && member.GetKind() == MemberReferenceKind.Method && ParameterCount(md, member) != parameters)
                {
                    continue;
                }

                found.Add($"{type}::{name}");
            }
        }

        return found.ToArray();
    }

    private static string FullName(MetadataReader md, TypeReferenceHandle handle)
    {
        var t = md.GetTypeReference(handle);
        var ns = md.GetString(t.Namespace);
        return ns.Length == 0 ? md.GetString(t.Name) : ns + "." + md.GetString(t.Name);
    }

    private static int ParameterCount(MetadataReader md, MemberReference member)
    {
        var blob = md.GetBlobReader(member.Signature);
        var header = blob.ReadSignatureHeader();
        if (header.IsGeneric)
        {
            blob.ReadCompressedInteger();
        }

        return blob.ReadCompressedInteger();
    }
}
