using System;
using System.Globalization;

namespace AffectEngine.Appraisal;

/// <summary>Range checks shared by the bounded appraisal values: refuse NaN, ±∞ and out-of-range at construction.</summary>
internal static class Bounded
{
    public static float Check(float value, float min, float max, string field)
    {
        // NaN fails both comparisons, so the negated form refuses it too.
        if (!(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(
                field,
                value,
                $"{field} must be a finite number in [{Format(min)}, {Format(max)}]; got {Format(value)}.");
        }

        return value;
    }

    private static string Format(float v) => v.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>The probability that a belief (an event) holds, in [0, 1] (OCC's likelihood; GAMYGDALA's belief likelihood).</summary>
public readonly struct Likelihood : IEquatable<Likelihood>
{
    /// <summary>Creates a likelihood; throws <see cref="ArgumentOutOfRangeException"/> naming <paramref name="field"/> and the value when outside [0, 1].</summary>
    public Likelihood(float value, string field = "likelihood") => Value = Bounded.Check(value, 0f, 1f, field);

    /// <summary>The value in [0, 1].</summary>
    public float Value { get; }

    /// <summary>Certainly true.</summary>
    public static Likelihood Certain => new(1f);

    /// <inheritdoc />
    public bool Equals(Likelihood other) => Value.Equals(other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Likelihood o && Equals(o);

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Equality.</summary>
    public static bool operator ==(Likelihood left, Likelihood right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Likelihood left, Likelihood right) => !left.Equals(right);
}

/// <summary>How much an agent wants a goal, in [-1, 1] (GAMYGDALA's goal utility; negative = a state to avoid).</summary>
public readonly struct Utility : IEquatable<Utility>
{
    /// <summary>Creates a utility; throws naming <paramref name="field"/> and the value when outside [-1, 1].</summary>
    public Utility(float value, string field = "utility") => Value = Bounded.Check(value, -1f, 1f, field);

    /// <summary>The value in [-1, 1].</summary>
    public float Value { get; }

    /// <inheritdoc />
    public bool Equals(Utility other) => Value.Equals(other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Utility o && Equals(o);

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Equality.</summary>
    public static bool operator ==(Utility left, Utility right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Utility left, Utility right) => !left.Equals(right);
}

/// <summary>How far an event helps (+) or hinders (−) a goal, in [-1, 1] (GAMYGDALA's congruence).</summary>
public readonly struct Congruence : IEquatable<Congruence>
{
    /// <summary>Creates a congruence; throws naming <paramref name="field"/> and the value when outside [-1, 1].</summary>
    public Congruence(float value, string field = "congruence") => Value = Bounded.Check(value, -1f, 1f, field);

    /// <summary>The value in [-1, 1].</summary>
    public float Value { get; }

    /// <inheritdoc />
    public bool Equals(Congruence other) => Value.Equals(other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Congruence o && Equals(o);

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Equality.</summary>
    public static bool operator ==(Congruence left, Congruence right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Congruence left, Congruence right) => !left.Equals(right);
}

/// <summary>How praiseworthy (+) or blameworthy (−) an action is by an agent's standards, in [-1, 1] (OCC).</summary>
public readonly struct Praiseworthiness : IEquatable<Praiseworthiness>
{
    /// <summary>Creates a praiseworthiness; throws naming <paramref name="field"/> and the value when outside [-1, 1].</summary>
    public Praiseworthiness(float value, string field = "praiseworthiness") => Value = Bounded.Check(value, -1f, 1f, field);

    /// <summary>The value in [-1, 1].</summary>
    public float Value { get; }

    /// <inheritdoc />
    public bool Equals(Praiseworthiness other) => Value.Equals(other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Praiseworthiness o && Equals(o);

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Equality.</summary>
    public static bool operator ==(Praiseworthiness left, Praiseworthiness right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Praiseworthiness left, Praiseworthiness right) => !left.Equals(right);
}

/// <summary>How appealing (+) or unappealing (−) an object is to an agent, in [-1, 1] (OCC).</summary>
public readonly struct Appealingness : IEquatable<Appealingness>
{
    /// <summary>Creates an appealingness; throws naming <paramref name="field"/> and the value when outside [-1, 1].</summary>
    public Appealingness(float value, string field = "appealingness") => Value = Bounded.Check(value, -1f, 1f, field);

    /// <summary>The value in [-1, 1].</summary>
    public float Value { get; }

    /// <inheritdoc />
    public bool Equals(Appealingness other) => Value.Equals(other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Appealingness o && Equals(o);

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Equality.</summary>
    public static bool operator ==(Appealingness left, Appealingness right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Appealingness left, Appealingness right) => !left.Equals(right);
}

/// <summary>How much one agent likes (+) or dislikes (−) another, in [-1, 1] (GAMYGDALA's relation "like").</summary>
public readonly struct Liking : IEquatable<Liking>
{
    /// <summary>Creates a liking; throws naming <paramref name="field"/> and the value when outside [-1, 1].</summary>
    public Liking(float value, string field = "liking") => Value = Bounded.Check(value, -1f, 1f, field);

    /// <summary>The value in [-1, 1].</summary>
    public float Value { get; }

    /// <inheritdoc />
    public bool Equals(Liking other) => Value.Equals(other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Liking o && Equals(o);

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Equality.</summary>
    public static bool operator ==(Liking left, Liking right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Liking left, Liking right) => !left.Equals(right);
}
