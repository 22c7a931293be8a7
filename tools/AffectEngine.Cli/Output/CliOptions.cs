using System.CommandLine;
using System.Globalization;

namespace AffectEngine.Cli.Output;

/// <summary>Options several commands share, with the same limits and words everywhere.</summary>
internal static class CliOptions
{
    /// <summary>The scenario field <c>run.ticks</c> is limited to 1e9; the flag that overrides it is too.</summary>
    public const long MaxTicks = 1_000_000_000;

    /// <summary><c>--ticks</c>, checked at parse time against [min, 1e9].</summary>
    public static Option<long?> Ticks(string description, long min = 0)
    {
        var option = new Option<long?>("--ticks") { Description = description + " At most 1e9." };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && long.TryParse(result.Tokens[0].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var t) && (t < min || t > MaxTicks))
            {
                result.AddError($"--ticks: expected a whole number in [{min}, 1e9] (as the scenario's run.ticks), found {result.Tokens[0].Value}");
            }
        });
        return option;
    }

    /// <summary><c>--csv-format long|wide</c> (default long).</summary>
    public static Option<string> CsvFormat()
    {
        var option = new Option<string>("--csv-format") { Description = "long (tick,agent,variable,value) or wide (one row per tick, a column per agent.variable).", DefaultValueFactory = _ => "long" };
        option.AcceptOnlyFromAmong("long", "wide");
        return option;
    }

    /// <summary>Whether the CSV is wide; a format given without <c>--csv</c> is a mistake, not silently dropped.</summary>
    public static bool WideCsv(ParseResult parse, Option<string> format, string? csv)
    {
        if (csv is null && parse.GetResult(format) is { Implicit: false })
        {
            throw new UserException("--csv-format: applies to --csv only; Parquet is always long (tick, agent, variable, value)");
        }

        return parse.GetValue(format) == "wide";
    }
}
