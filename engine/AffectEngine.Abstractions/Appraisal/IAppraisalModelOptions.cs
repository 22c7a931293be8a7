using System.Collections.Generic;

namespace AffectEngine.Appraisal;

/// <summary>
/// Optional for an <see cref="IAppraisalModel"/>: named choices a scenario can make
/// (<c>"models": { "occ": { "compounds": "replace" } }</c>). Set before the first tick; the values
/// are part of the run's definition, so a record's scenario reproduces them.
/// </summary>
public interface IAppraisalModelOptions
{
    /// <summary>The options and their current values (invariant text), in a stable order, for <c>affect models</c>.</summary>
    IReadOnlyList<KeyValuePair<string, string>> Options { get; }

    /// <summary>Sets an option; null when accepted, otherwise a message saying what was expected and what was found.</summary>
    string? SetOption(string name, string value);
}
