using AffectEngine.Perception.Sources;

namespace AffectEngine.Perception.Tests;

/// <summary>
/// The file sources' CSV splitting (shared with the scenario loader's event files): tools' exports are
/// read leniently, where an event file refuses the same line with its column.
/// </summary>
public sealed class CsvSplitTests
{
    [Fact]
    public void Fields_are_trimmed_and_quoted_fields_keep_separators_and_doubled_quotes()
    {
        Assert.Equal(["frame", "a,b", "say \"hi\"", "", "3.5"], Csv.Split("frame ,  \"a,b\" , \"say \"\"hi\"\"\",, 3.5", ','));
    }

    [Fact]
    public void A_tab_separated_line_keeps_blanks_inside_fields()
    {
        Assert.Equal(["Timestamp", "Joy Evidence", "x"], Csv.Split("Timestamp\tJoy Evidence\t x ", '\t'));
    }

    [Fact]
    public void Malformed_quoting_is_read_leniently()
    {
        // An unclosed quote runs to the end of the line; text after a closing quote is dropped.
        Assert.Equal(["1", "open,rest"], Csv.Split("1,\"open,rest", ','));
        Assert.Equal(["1", "a", "2"], Csv.Split("1,\"a\"junk,2", ','));
    }
}
