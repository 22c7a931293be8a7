using System.Reflection;

namespace AffectEngine.Distributed.Orleans;

/// <summary>
/// Shallow copies of scenario specs: every public read-write property, so a field added to a spec later is
/// carried into shard slices by default. Slices then clear only what a shard must not keep. Copying field by
/// field is how object/appeal events and then the behaviours of scenarios with a social section were lost on
/// shards before.
/// </summary>
internal static class SpecCopy
{
    /// <summary>A new <typeparamref name="T"/> with every public read-write property of <paramref name="source"/> (lists and nested specs shared, not copied).</summary>
    public static T Shallow<T>(T source)
        where T : class, new()
    {
        var copy = new T();
        foreach (var p in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0)
            {
                p.SetValue(copy, p.GetValue(source));
            }
        }

        return copy;
    }
}
