using System.Text.Json;
using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Cli;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Analytics;

/// <summary>
/// Review figures through the CLI (`pmsearch review QUARTER --format json`, today = 2025-12-31) must equal those computed
/// by hand in tests/.../Data/review-truth.md; the blame-y postmortems of ingest-samples are flagged and no clean one is.
/// </summary>
public sealed class ReviewTruthTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CliRunner _cli;

    public ReviewTruthTests()
    {
        _cli = new CliRunner(RepoPaths.Root, _dir.File("pm.db"));
        _cli.Run("import", "ingest-samples");
    }

    public void Dispose() => _dir.Dispose();

    private JsonElement Review(string quarter)
    {
        var result = _cli.Run("review", quarter, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        return result.Json;
    }

    [Fact]
    public void Q3_figures_equal_the_hand_computed_ones()
    {
        var r = Review("2025Q3");
        Assert.Equal("2025Q3", r.GetProperty("quarter").GetString());
        Assert.Equal(6, r.GetProperty("postmortemIds").GetArrayLength());
        var ttp = r.GetProperty("timeToPostmortemDays");
        Assert.Equal(6, ttp.GetProperty("n").GetInt32());
        Assert.Equal(11.5, ttp.GetProperty("median").GetDouble());
        var actions = r.GetProperty("actionItems");
        Assert.Equal(18, actions.GetProperty("total").GetInt32());
        Assert.Equal(9, actions.GetProperty("done").GetInt32());
        Assert.Equal(9, actions.GetProperty("open").GetInt32());
        Assert.Equal(7, actions.GetProperty("overdue").GetInt32());
        var previous = r.GetProperty("previousQuarter");
        Assert.Equal("2025Q2", previous.GetProperty("quarter").GetString());
    }

    [Fact]
    public void Q2_figures_equal_the_hand_computed_ones()
    {
        var r = Review("2025Q2");
        Assert.Equal(5, r.GetProperty("postmortemIds").GetArrayLength());
        Assert.Equal(8, r.GetProperty("timeToPostmortemDays").GetProperty("median").GetDouble());
        var actions = r.GetProperty("actionItems");
        Assert.Equal(16, actions.GetProperty("total").GetInt32());
        Assert.Equal(10, actions.GetProperty("done").GetInt32());
        Assert.Equal(6, actions.GetProperty("overdue").GetInt32());
    }

    [Fact]
    public void Q3_flags_exactly_the_one_blame_y_postmortem()
    {
        var r = Review("2025Q3");
        var flagged = r.GetProperty("blamelessFindings").EnumerateArray().Select(f => f.GetProperty("postmortemId").GetString()).Distinct().ToList();
        var list = _cli.Run("list", "--json").Json.EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!, p => p.GetProperty("title").GetString()!);
        Assert.Equal(["Orders stuck in dead-letter queue after order-pipeline release"], flagged.Select(id => list[id!]));
        Assert.All(r.GetProperty("blamelessFindings").EnumerateArray(), f => Assert.False(string.IsNullOrWhiteSpace(f.GetProperty("suggestion").GetString())));
    }

    [Fact]
    public void Every_blame_y_sample_is_flagged_and_no_clean_one()
    {
        var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.TestData, "samples-truth.json"))).RootElement.GetProperty("postmortems");
        var blameful = truth.EnumerateArray().ToDictionary(e => e.GetProperty("title").GetString()!, e => e.GetProperty("blameful").GetBoolean());
        var postmortems = new Importer().ReadPaths([RepoPaths.IngestSamples], RepoPaths.Root).SelectMany(o => o.Postmortems).ToList();
        Assert.Equal(30, postmortems.Count);
        foreach (var p in postmortems)
        {
            var findings = Quality.Check(p).BlamelessFindings;
            if (blameful[p.Title]) Assert.True(findings.Count > 0, $"'{p.Title}' is blame-y but was not flagged");
            else Assert.True(findings.Count == 0, $"'{p.Title}' is clean but was flagged: {string.Join(" | ", findings.Select(f => f.Text))}");
        }
    }

    [Fact]
    public void Review_formats_and_bad_quarters()
    {
        Assert.StartsWith("<!DOCTYPE html", _cli.Run("review", "2025Q3", "--format", "html").Out.TrimStart(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<svg", _cli.Run("review", "2025Q3", "--format", "html").Out);
        Assert.Contains("2025Q3", _cli.Run("review", "2025Q3", "--format", "md").Out);
        Assert.Contains(",", _cli.Run("review", "2025Q3", "--format", "csv").Out.Split('\n')[0]);
        var file = _dir.File("review.md");
        Assert.Equal(0, _cli.Run("review", "2025q3", "--out", file).ExitCode);
        Assert.True(File.Exists(file));
        Assert.Equal(2, _cli.Run("review", "2025Q5").ExitCode);
        Assert.Equal(2, _cli.Run("review", "Q3-2025").ExitCode);
        Assert.Equal(2, _cli.Run("review", "2025Q3", "--format", "pdf").ExitCode);
    }
}
