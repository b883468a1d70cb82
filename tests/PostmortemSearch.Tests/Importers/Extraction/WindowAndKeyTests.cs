using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Importers.Extraction;

/// <summary>
/// Issue 10, classes 4 and 5: the incident window written in one sentence, and metadata keys of several words that end
/// in a key word. Each class has a regression sample in the format it was seen in (Importers/Fixtures/) and a table of
/// the line shapes, one reason per odd row.
/// </summary>
public sealed class WindowAndKeyTests
{
    private static Postmortem Import(string fixture) =>
        Assert.Single(Assert.Single(new Importer().ReadFile(new SourceFile(fixture,
            File.ReadAllBytes(Path.Combine(RepoPaths.Root, "tests", "PostmortemSearch.Tests", "Importers", "Fixtures", fixture)))), o => o.Postmortems.Count > 0).Postmortems);

    [Fact]
    public void A_google_docs_window_sentence_gives_start_detected_mitigated_and_resolved()
    {
        var p = Import("incident-window-sentence-gdocs.html");

        // The start is the sentence's first time, not the 23:30 config change that opens the timeline.
        Assert.Equal("2024-11-14T23:41:00+00:00", p.IncidentStart.ToString());
        Assert.Equal("2024-11-14T23:58:00+00:00", p.DetectedAt.ToString());
        Assert.Equal("2024-11-15T00:20:00+00:00", p.MitigatedAt.ToString());
        Assert.Equal("2024-11-15T02:05:00+00:00", p.ResolvedAt.ToString());
        Assert.Equal(TimeSpan.FromMinutes(144), p.Duration);
        Assert.Equal(["loyalty-ledger"], p.Services);
    }

    [Fact]
    public void Confluence_keys_ending_in_date_are_the_review_date_and_leave_the_incident_day_alone()
    {
        var p = Import("review-date-keys-confluence.html");

        Assert.Equal("2025-04-22T06:12:00+01:00", p.IncidentStart.ToString());
        Assert.Equal("2025-04-22T07:40:00+01:00", p.ResolvedAt.ToString());
        Assert.Equal(new DateOnly(2025, 4, 29), p.PostmortemDate);
        Assert.Equal(["label-printer-gateway", "depot-ops"], p.Services);
        Assert.All(p.Timeline, t => Assert.Equal(new DateOnly(2025, 4, 22), t.At!.Value.Date));
    }

    [Theory]
    [InlineData("Review date: 2025-04-29")]
    [InlineData("COE date: 2025-04-29")]
    [InlineData("Postmortem date: 2025-04-29")]
    // Not in any list of keys: the words before "date" name the review, so the key is whole.
    [InlineData("Blameless review date: 2025-04-29")]
    [InlineData("Incident review date: 2025-04-29")]
    [InlineData("Retro meeting date: 2025-04-29")]
    // A key after an earlier pair's value is still a key of its own.
    [InlineData("Severity: SEV3 Review date: 2025-04-29")]
    public void A_key_ending_in_date_is_not_cut_to_date(string line)
    {
        var p = Some.FromMarkdown($"# Printers down\nIncident date: 2025-04-22\n\n{line}\n\nStart: 06:12 UTC\n\n## Summary\nLabels did not print.\n");

        Assert.Equal(new DateOnly(2025, 4, 29), p.PostmortemDate);
        Assert.Equal("2025-04-22T06:12:00+00:00", p.IncidentStart.ToString());
    }

    [Fact]
    public void Words_before_a_date_key_that_name_nothing_keep_the_value_out_of_the_incident_day()
    {
        // "Follow-up meeting date" is no known key, but it is one key: its value is not the incident's date.
        var p = Some.FromMarkdown("# Printers down\nFollow-up meeting date: 2025-05-06\n\nStart: 2025-04-22 06:12 UTC\n\n## Summary\nLabels did not print.\n");

        Assert.Equal("2025-04-22T06:12:00+00:00", p.IncidentStart.ToString());
        Assert.NotEqual(new DateOnly(2025, 5, 6), p.IncidentStart!.Value.Date);
    }

    [Theory]
    // The canonical shape: dates on the first and last times, the others take the last date before them.
    [InlineData("Incident window: started 2025-03-12 09:14 UTC, detected 09:20, mitigated 09:48, resolved 2025-03-12 11:02 UTC",
        "2025-03-12T09:14:00+00:00", "2025-03-12T09:20:00+00:00", "2025-03-12T09:48:00+00:00", "2025-03-12T11:02:00+00:00")]
    // Across midnight: a dateless time half a day before the start is on the next day.
    [InlineData("Incident window: started 14 November 2024 23:41 UTC, detected 23:58, mitigated 00:20, resolved 15 November 2024 02:05 UTC",
        "2024-11-14T23:41:00+00:00", "2024-11-14T23:58:00+00:00", "2024-11-15T00:20:00+00:00", "2024-11-15T02:05:00+00:00")]
    // A later date in the sentence is the day of the times after it, not the incident's first day.
    [InlineData("Window: started 2025-06-01 22:10 UTC, detected 2025-06-02 00:05 UTC, mitigated 00:40, resolved 01:15",
        "2025-06-01T22:10:00+00:00", "2025-06-02T00:05:00+00:00", "2025-06-02T00:40:00+00:00", "2025-06-02T01:15:00+00:00")]
    public void The_window_in_one_sentence_is_read_whole(string line, string start, string detected, string mitigated, string resolved)
    {
        var p = Some.FromMarkdown($"# Ledger double credits\n{line}\n\n## Summary\nPoints were credited twice.\n\n## Timeline\n- 2020-01-01 08:00 UTC an unrelated old entry that is not the start\n");

        Assert.Equal(start, p.IncidentStart.ToString());
        Assert.Equal(detected, p.DetectedAt.ToString());
        Assert.Equal(mitigated, p.MitigatedAt.ToString());
        Assert.Equal(resolved, p.ResolvedAt.ToString());
    }
}
