using System;

namespace AffectEngine.Scenarios;

/// <summary>Inclusive numeric bounds of a scenario property, published in the JSON schema.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class BoundsAttribute : Attribute
{
    public BoundsAttribute(double minimum, double maximum)
    {
        Minimum = minimum;
        Maximum = maximum;
    }

    public double Minimum { get; }

    public double Maximum { get; }
}

/// <summary>The values a string property may take, published in the JSON schema as an enum.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class AllowedValuesAttribute : Attribute
{
    public AllowedValuesAttribute(params string[] values) => Values = values;

    public string[] Values { get; }
}

/// <summary>A regular expression a string property must match, published in the JSON schema.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class PatternAttribute : Attribute
{
    public PatternAttribute(string pattern) => Pattern = pattern;

    public string Pattern { get; }
}
