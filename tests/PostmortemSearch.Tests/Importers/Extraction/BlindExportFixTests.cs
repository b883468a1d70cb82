using System.Text;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers;

namespace PostmortemSearch.Tests.Importers.Extraction;

/// <summary>What the blind exports (Data/blind-exports) found, each as the smallest document that showed it.</summary>
public sealed class BlindExportFixTests
{
    private static Postmortem Import(string markdown) =>
        Assert.Single(Assert.Single(new Importer().ReadFile(new SourceFile("doc.md", Encoding.UTF8.GetBytes(markdown)))).Postmortems);

    [Fact]
    public void A_date_line_after_midnight_starts_that_day_instead_of_rolling_over_twice()
    {
        var pm = Import("# Indexer stalled\n## Summary\nIndexing stopped.\n## Timeline\n2025-05-12 (all times CEST)\n\n22:40 Indexing stops.\n\n23:55 Support ticket.\n\n**2025-05-13**\n\n00:07 On-call paged.\n");

        Assert.Equal(["2025-05-12T22:40:00+02:00", "2025-05-12T23:55:00+02:00", "2025-05-13T00:07:00+02:00"], pm.Timeline.Select(t => t.At.ToString()));
    }

    [Fact]
    public void A_window_whose_times_each_name_their_day_gives_start_and_end_and_the_day_of_later_bare_times()
    {
        // As hold-out E's Google Doc writes it: "Between T on D and T on D Y (zone)", detection later as a bare time.
        var pm = Import("# Push delayed\nWritten: 2025-05-09\n## What happened\nBetween 21:40 on 6 May and 01:30 on 7 May 2025 (UTC+01:00), pushes were delayed.\n" +
            "## How we found out\nSupport escalated the spike at 22:25.\n");

        Assert.Equal("2025-05-06T21:40:00+01:00", pm.IncidentStart.ToString());
        Assert.Equal("2025-05-07T01:30:00+01:00", pm.ResolvedAt.ToString());
        Assert.Equal(new DateOnly(2025, 5, 9), pm.PostmortemDate);                 // "Written:" is when the postmortem was written
    }

    [Theory]
    [InlineData("6–7 May 2025, all times UTC+01:00.")]
    [InlineData("May 6-7, 2025 (all times UTC+01:00)")]
    public void A_timeline_headed_by_a_day_range_starts_on_its_first_day_and_rolls_over_at_midnight(string header)
    {
        var pm = Import($"# Push delayed\n## Summary\nPushes were delayed.\n## Root cause\nThe access token expired.\n## Timeline\n{header}\n\n20:40 Deploy.\n\n23:05 Pods restarted.\n\n00:20 Queue purged.\n");

        Assert.Equal(["2025-05-06T20:40:00+01:00", "2025-05-06T23:05:00+01:00", "2025-05-07T00:20:00+01:00"], pm.Timeline.Select(t => t.At.ToString()));
    }

    [Fact]
    public void A_document_that_states_dd_mm_yyyy_reads_its_slash_dates_day_first()
    {
        var pm = Import("# Logins failed\nIncident start: 07/03/2025 09:41 AEDT\n\nNote: dates in this report use the DD/MM/YYYY format.\n## Summary\nLogins failed.\n");

        Assert.Equal("2025-03-07T09:41:00+11:00", pm.IncidentStart.ToString());
    }

    [Fact]
    public void A_spelled_out_zone_with_its_abbreviation_in_brackets_applies_to_the_timeline()
    {
        var pm = Import("# SMS outage\nDate: 2025-02-11\n## Summary\nSMS failed.\n## Timeline\nAll times are Eastern Standard Time (EST, UTC−5).\n\n- 03:12 Delivery rate drops.\n- 05:41 Incident resolved.\n");

        Assert.Equal("2025-02-11T03:12:00-05:00", pm.Timeline[0].At.ToString());
    }

    [Fact]
    public void The_entry_that_says_impact_begins_is_the_start_not_the_deploy_before_it()
    {
        var pm = Import("# Card payments failing\nIncident date: 2025-03-04\n## Summary\nPayments failed.\n## Timeline (UTC)\n- 13:58 Config deploy rolls out.\n- 14:05 Error rate above 30%; customer impact begins.\n- 15:22 Back at baseline; OUTAGE ENDS.\n");

        Assert.Equal("2025-03-04T14:05:00+00:00", pm.IncidentStart.ToString());
        Assert.Equal("2025-03-04T15:22:00+00:00", pm.ResolvedAt.ToString());
    }

    [Theory]
    [InlineData("—")]
    [InlineData("n/a")]
    [InlineData("TBD")]
    public void A_placeholder_in_the_ticket_column_is_no_ticket(string placeholder)
    {
        var pm = Import($"# Outage\n## Summary\nIt broke.\n## Action items\n| Action | Owner | Ticket |\n|---|---|---|\n| Add an alert | sre | {placeholder} |\n");

        Assert.Null(Assert.Single(pm.ActionItems).Ticket);
    }

    [Fact]
    public void Two_user_mentions_in_one_confluence_cell_are_two_authors()
    {
        // Seen on the incident page of a blind export: "Lukas Brandt, Marta Nowak, Lukas Brandt Marta Nowak".
        const string html = "<html><head><title>Ops : Indexer stalled</title></head><body><div id=\"main-content\">" +
            "<table><tbody><tr><th>Authors</th><td><p><a class=\"confluence-userlink user-mention\">Lukas Brandt</a> <a class=\"confluence-userlink user-mention\">Marta Nowak</a></p></td></tr>" +
            "<tr><th>Severity</th><td>Sev 3</td></tr></tbody></table><h2>Summary</h2><p>Indexing stopped for two hours.</p></div></body></html>";

        var pm = Assert.Single(Assert.Single(new Importer().ReadFile(new SourceFile("Indexer-stalled_123.html", Encoding.UTF8.GetBytes(html)))).Postmortems);

        Assert.Equal(["Lukas Brandt", "Marta Nowak"], pm.Authors);
    }
}
