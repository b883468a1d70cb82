using PostmortemSearch.Tests.Support;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Importers;

/// <summary>
/// Data/blind-exports-2 (issue 10's blind set): a Confluence space HTML export, a Confluence XML space export, Google Docs
/// HTML (one zipped) and API JSON, and LibreOffice-written Word files — documents and truth written by someone who had
/// not seen the importer — imported as a folder, as a user would. Non-postmortems (index, home, link list, template,
/// style guide) must be skipped with a reason. Scored by <see cref="BlindSetScorer"/>, which prints every miss.
/// </summary>
public sealed class BlindImportSetTests(ITestOutputHelper output)
{
    private static readonly string Folder = Path.Combine(RepoPaths.TestData, "blind-exports-2");

    /// <summary>First score, before any fix made with these files in view: 465/559 = 83.2 % (1 of 5 non-postmortems skipped); after: 543/579 = 93.8 % (5 of 5). The floor holds the fixes.</summary>
    private const double Floor = 0.935;

    [Fact]
    public void Fields_of_the_second_blind_export_set_are_read_right()
    {
        var checks = BlindSetScorer.Score(Folder);
        foreach (var line in BlindSetScorer.Report(checks)) output.WriteLine(line);
        Assert.True(checks.Count > 300, $"expected the blind set under {Folder}");
        Assert.All(checks.Where(c => c.Field == "skipped"), c => Assert.True(c.Right, $"{c.File}: {c.Detail}"));
        Assert.True(BlindSetScorer.Rate(checks) >= Floor, $"field accuracy {BlindSetScorer.Rate(checks):P1} on the blind set is under {Floor:P1}; see the output for each miss");
    }
}
