using PostmortemSearch.Tests.Support;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Importers;

/// <summary>
/// Data/holdout-import-c: fifteen exports (Confluence space HTML, Confluence entities.xml, Google Docs HTML, zip and API
/// JSON, LibreOffice-written Word files) written by a helper who had seen neither the code nor the other sets. Its first
/// score, on sight, was 360/458 = 78.6 % (3 of 5 non-postmortems skipped): that stays the unseen figure. The set has since
/// been tuned on (stop 18: 395/458 = 86.2 %), so this test is a regression floor, like the one for blind-exports-2: the
/// figure it prints is NOT an unseen measure of the importers, and must not be reported as one.
/// </summary>
public sealed class HoldoutImportSetCTests(ITestOutputHelper output)
{
    private static readonly string Folder = Path.Combine(RepoPaths.TestData, "holdout-import-c");

    // Seen-set floor: 395/458 at stop 18, less one field of slack.
    private const double Floor = 0.860;

    [Fact]
    public void Fields_of_hold_out_set_C_stay_above_their_floor()
    {
        var checks = BlindSetScorer.Score(Folder);
        foreach (var line in BlindSetScorer.Report(checks)) output.WriteLine(line);
        Assert.True(checks.Count > 300, $"expected the hold-out set under {Folder}");
        Assert.True(BlindSetScorer.Rate(checks) >= Floor, $"field accuracy {BlindSetScorer.Rate(checks):P1} on set C is under {Floor:P1}; see the output for each miss");
    }
}
