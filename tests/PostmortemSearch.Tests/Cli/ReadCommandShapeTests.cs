using System.Text.Json;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Cli;

/// <summary>The JSON each read verb prints, over ingest-samples: the shapes the README and the issues name.</summary>
public sealed class ReadCommandShapeTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CliRunner _cli;

    public ReadCommandShapeTests()
    {
        _cli = new CliRunner(RepoPaths.Root, _dir.File("pm.db"));
        Assert.Equal(0, _cli.Run("import", "ingest-samples").ExitCode);
    }

    public void Dispose() => _dir.Dispose();

    private static void HasProperties(JsonElement element, params string[] names)
    {
        foreach (var name in names) Assert.True(element.TryGetProperty(name, out _), $"missing '{name}' in {element}");
    }

    [Fact]
    public void Search_json_has_total_hits_facets_and_the_matched_section()
    {
        var result = _cli.Run("search", "certificate expired", "--json");

        Assert.Equal(0, result.ExitCode);
        HasProperties(result.Json, "total", "hits", "facets");
        var hit = result.Json.GetProperty("hits")[0];
        HasProperties(hit, "id", "title", "incidentStart", "severity", "services", "score", "snippet", "section");
        HasProperties(result.Json.GetProperty("facets"), "service", "severity", "year", "quarter");
        Assert.True(result.Json.GetProperty("total").GetInt32() >= 3);
    }

    [Fact]
    public void Factors_json_lists_clusters_with_statements_and_incidents()
    {
        var clusters = _cli.Run("factors", "--json").Json.GetProperty("clusters");

        var cert = clusters.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "cert-expiry");
        HasProperties(cert, "id", "label", "terms", "category", "statements", "incidentIds", "firstSeen", "lastSeen", "recurrenceRate");
        HasProperties(cert.GetProperty("statements")[0], "postmortemId", "text", "kind");
        Assert.True(cert.GetProperty("incidentIds").GetArrayLength() >= 3);
    }

    [Fact]
    public void Trends_json_matches_the_api_periods_and_cluster_series()
    {
        var json = _cli.Run("trends", "--json").Json;

        Assert.Equal("quarter", json.GetProperty("by").GetString());
        var period = json.GetProperty("periods")[0];
        HasProperties(period, "period", "incidents", "recurrenceRate", "durationMinutes", "timeToPostmortemDays", "actionItems");
        HasProperties(period.GetProperty("durationMinutes"), "n", "median", "p90", "geometricMean");
        var cluster = json.GetProperty("clusters")[0];
        HasProperties(cluster, "id", "label", "series");
        Assert.Equal("month", _cli.Run("trends", "--by", "month", "--json").Json.GetProperty("by").GetString());
    }

    [Fact]
    public void Review_json_has_the_fields_the_guild_reads()
    {
        var json = _cli.Run("review", "2025Q3", "--format", "json").Json;

        HasProperties(json, "quarter", "postmortemIds", "timeToPostmortemDays", "actionItems", "actionItemGaps", "blamelessFindings", "completeness", "clusters", "previousQuarter");
        HasProperties(json.GetProperty("timeToPostmortemDays"), "n", "median", "p90");
        HasProperties(json.GetProperty("actionItems"), "total", "done", "open", "overdue");
        HasProperties(json.GetProperty("actionItemGaps"), "lackingOwner", "lackingDue", "lackingTicket", "items");
    }
}
