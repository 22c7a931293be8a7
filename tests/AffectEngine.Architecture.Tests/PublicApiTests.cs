using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;

namespace AffectEngine.Architecture.Tests;

/// <summary>
/// The public API of every engine library is checked in under api/ (one file per assembly). A change to
/// the surface fails here until the file is regenerated, so growing the API is a reviewed decision,
/// not an accident: run the tests with AFFECT_UPDATE_API=1 to rewrite the files, then review the diff.
/// </summary>
public sealed class PublicApiTests
{
    public static TheoryData<string> Libraries() => new()
    {
        "AffectEngine.Abstractions",
        "AffectEngine.Core",
        "AffectEngine.Affect",
        "AffectEngine.Social",
        "AffectEngine.Scenarios",
        "AffectEngine.Persistence",
        "AffectEngine.Hosting",
        "AffectEngine.Reactive",
    };

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Public_surface_matches_the_checked_in_file(string name)
    {
        var assembly = Assembly.Load(name);
        var actual = Describe(assembly);
        var path = Path.Combine(RepoRoot(), "api", name + ".txt");
        if (Environment.GetEnvironmentVariable("AFFECT_UPDATE_API") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"{path} is missing: run the tests with AFFECT_UPDATE_API=1 to create it");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (expected != actual)
        {
            var e = expected.Split('\n').ToHashSet(StringComparer.Ordinal);
            var a = actual.Split('\n').ToHashSet(StringComparer.Ordinal);
            var added = a.Where(l => !e.Contains(l)).Take(15);
            var removed = e.Where(l => !a.Contains(l)).Take(15);
            Assert.Fail($"The public API of {name} changed (review it, then run the tests with AFFECT_UPDATE_API=1 to update api/{name}.txt).\n" +
                $"added:\n  {string.Join("\n  ", added)}\nremoved:\n  {string.Join("\n  ", removed)}");
        }
    }

    [Fact]
    public void The_description_sees_members_and_their_signatures()
    {
        var text = Describe(typeof(AffectEngine.Core.World).Assembly);
        Assert.Contains("class AffectEngine.Core.World", text, StringComparison.Ordinal);
        Assert.Contains("  method Step() : System.Void", Describe(typeof(AffectEngine.Core.Simulation).Assembly), StringComparison.Ordinal);
        Assert.DoesNotContain("WorkerPool", text, StringComparison.Ordinal);
    }

    internal static string Describe(Assembly assembly)
    {
        var lines = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            lines.Append(TypeHeader(type)).Append('\n');
            var members = new List<string>();
            const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var m in type.GetMembers(flags))
            {
                var line = Member(m);
                if (line is not null)
                {
                    members.Add("  " + line);
                }
            }

            members.Sort(StringComparer.Ordinal);
            foreach (var m in members)
            {
                lines.Append(m).Append('\n');
            }
        }

        return lines.ToString();
    }

    private static string TypeHeader(Type t)
    {
        var kind = t.IsEnum ? "enum" : t.IsInterface ? "interface" : t.IsValueType ? "struct" : typeof(Delegate).IsAssignableFrom(t) ? "delegate" : t.IsAbstract && t.IsSealed ? "static class" : t.IsAbstract ? "abstract class" : t.IsSealed ? "sealed class" : "class";
        var bases = new List<string>();
        if (t.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum) && b != typeof(MulticastDelegate))
        {
            bases.Add(Name(b));
        }

        bases.AddRange(t.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(Name).OrderBy(n => n, StringComparer.Ordinal));
        return $"{kind} {Name(t)}{(bases.Count > 0 ? " : " + string.Join(", ", bases) : "")}";
    }

    private static string? Member(MemberInfo m)
    {
        switch (m)
        {
            case ConstructorInfo c when Visible(c):
                return $"ctor({Parameters(c)})";
            case MethodInfo mi when Visible(mi) && !mi.IsSpecialName:
                var generic = mi.IsGenericMethodDefinition ? "<" + string.Join(", ", mi.GetGenericArguments().Select(a => a.Name)) + ">" : "";
                return $"{(mi.IsStatic ? "static " : "")}{(mi.IsAbstract ? "abstract " : mi.IsVirtual && !mi.IsFinal ? "virtual " : "")}method {mi.Name}{generic}({Parameters(mi)}) : {Name(mi.ReturnType)}";
            case PropertyInfo p:
                var get = p.GetMethod is { } g && Visible(g);
                var set = p.SetMethod is { } s && Visible(s);
                if (!get && !set)
                {
                    return null;
                }

                var index = p.GetIndexParameters();
                var indexer = index.Length > 0 ? "[" + string.Join(", ", index.Select(i => Name(i.ParameterType))) + "]" : "";
                var accessor = (p.GetMethod ?? p.SetMethod)!;
                return $"{(accessor.IsStatic ? "static " : "")}property {p.Name}{indexer} : {Name(p.PropertyType)} {{{(get ? " get;" : "")}{(set ? (IsInit(p.SetMethod!) ? " init;" : " set;") : "")} }}";
            case FieldInfo f when f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly:
                if (f.DeclaringType!.IsEnum)
                {
                    return f.IsStatic ? $"value {f.Name} = {Convert.ToInt64(f.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}" : null;
                }

                return $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : "")}{(f.IsInitOnly ? "readonly " : "")}field {f.Name} : {Name(f.FieldType)}";
            case EventInfo e when e.AddMethod is { } add && Visible(add):
                return $"event {e.Name} : {Name(e.EventHandlerType!)}";
            case Type nested when nested.IsNestedPublic:
                return null; // listed as a type of its own
            default:
                return null;
        }
    }

    private static bool Visible(MethodBase m) => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly;

    private static bool IsInit(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Any(t => t.FullName == "System.Runtime.CompilerServices.IsExternalInit");

    private static string Parameters(MethodBase m) =>
        string.Join(", ", m.GetParameters().Select(p =>
            (p.IsOut ? "out " : p.ParameterType.IsByRef ? (p.IsIn ? "in " : "ref ") : p.GetCustomAttributes(typeof(ParamArrayAttribute), false).Length > 0 ? "params " : "")
            + Name(p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType)
            + (p.HasDefaultValue ? " = " + (p.DefaultValue is null ? "null" : Convert.ToString(p.DefaultValue, System.Globalization.CultureInfo.InvariantCulture)) : "")));

    private static string Name(Type t)
    {
        if (t.IsGenericParameter)
        {
            return t.Name;
        }

        if (t.IsArray)
        {
            return Name(t.GetElementType()!) + "[" + new string(',', t.GetArrayRank() - 1) + "]";
        }

        if (t.IsPointer || t.IsByRef)
        {
            return Name(t.GetElementType()!) + (t.IsPointer ? "*" : "&");
        }

        var name = (t.IsNested ? Name(t.DeclaringType!) + "." + t.Name : (t.Namespace is { Length: > 0 } ns ? ns + "." : "") + t.Name);
        if (!t.IsGenericType)
        {
            return name;
        }

        var tick = name.IndexOf('`', StringComparison.Ordinal);
        var args = t.GetGenericArguments();
        return (tick >= 0 ? name[..tick] : name) + "<" + string.Join(", ", args.Select(Name)) + ">";
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AffectEngine.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("AffectEngine.sln not found above " + AppContext.BaseDirectory);
    }
}
