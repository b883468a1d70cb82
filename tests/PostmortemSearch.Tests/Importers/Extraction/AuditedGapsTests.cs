using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers.Extraction;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Importers.Extraction;

/// <summary>
/// Regression tests for the gaps an audit of real-world exports found: metadata keys, heading synonyms,
/// timeline tables, date forms, severities and action-item forms that templates in the wild use.
/// </summary>
public sealed class AuditedGapsTests
{
    [Fact]
    public void Keys_with_plural_marker_and_zone_suffix_are_recognised_and_the_zone_applies_to_the_value()
    {
        var p = Some.FromMarkdown("""
            # Basket totals wrong

            | Field | Value |
            |---|---|
            | Affected Service(s) | basket-api, pricing |
            | Impacted Service(s) | promo-engine |
            | Start Time (UTC) | 2025-03-04 14:02 |
            | End Time (UTC) | 2025-03-04 15:40 |

            ## Summary
            Basket totals were wrong for 98 minutes.

            ## Timeline
            | Time | Event |
            |---|---|
            | 14:02 | Promo rules deployed |
            | 15:40 | Rollback complete, resolved |
            | 16:30 | Status page closed |
            """);

        Assert.Equal(["basket-api", "pricing", "promo-engine"], p.Services);
        Assert.Equal("2025-03-04T14:02:00+00:00", p.IncidentStart.ToString());
        Assert.Equal("2025-03-04T15:40:00+00:00", p.ResolvedAt.ToString());
    }

    [Theory]
    [InlineData("Affected Service(s)", "affected services")]
    [InlineData("Start Time (UTC)", "start time")]
    [InlineData("Date / Time (PDT)", "date / time")]
    [InlineData("Owner(s)", "owners")]
    public void Normalized_keys_drop_plural_marker_and_zone(string key, string expected) =>
        Assert.Equal(expected, MetadataKeys.Normalize(key));

    [Fact]
    public void Time_only_timeline_entries_after_midnight_roll_to_the_next_day()
    {
        // Before: 00:20 took the incident date and became the "first" entry, so the start came from the last line.
        var p = Some.FromMarkdown("""
            # Nightly batch overran

            Date: 2025-03-04

            ## Timeline
            All times UTC.
            - 23:40 batch job starts writing duplicate rows
            - 23:55 alert fires
            - 00:20 job killed, resolved
            """);

        Assert.Equal("2025-03-04T23:40:00+00:00", p.IncidentStart.ToString());
        Assert.Equal("2025-03-05T00:20:00+00:00", p.Timeline[2].At.ToString());
    }

    [Theory]
    [InlineData("What didn't go so well", nameof(SectionField.WentWrong))]
    [InlineData("What didn’t go well", nameof(SectionField.WentWrong))]
    [InlineData("What can be improved", nameof(SectionField.WentWrong))]
    [InlineData("Areas for improvement", nameof(SectionField.WentWrong))]
    [InlineData("Impact & Metrics", nameof(SectionField.Impact))]
    [InlineData("Who was impacted", nameof(SectionField.Impact))]
    [InlineData("Impact and severity", nameof(SectionField.Impact))]
    [InlineData("Symptoms", nameof(SectionField.Impact))]
    [InlineData("Preventive actions", nameof(SectionField.ActionItems))]
    [InlineData("Preventative actions", nameof(SectionField.ActionItems))]
    [InlineData("Postmortem action items", nameof(SectionField.ActionItems))]
    [InlineData("Causal factors", nameof(SectionField.ContributingFactors))]
    [InlineData("Contributors", nameof(SectionField.ContributingFactors))]
    [InlineData("What contributed", nameof(SectionField.ContributingFactors))]
    [InlineData("Why it happened", nameof(SectionField.RootCauses))]
    [InlineData("How this happened", nameof(SectionField.RootCauses))]
    [InlineData("Underlying cause", nameof(SectionField.RootCauses))]
    [InlineData("Aggravating factors", nameof(SectionField.ContributingFactors))]
    [InlineData("Problem", nameof(SectionField.Summary))]
    [InlineData("Problem Statement", nameof(SectionField.Summary))]
    [InlineData("Issue", nameof(SectionField.Summary))]
    [InlineData("Description of the incident", nameof(SectionField.Summary))]
    [InlineData("Summary of events", nameof(SectionField.Summary))]
    [InlineData("Primary root cause", nameof(SectionField.RootCauses))]
    [InlineData("Underlying root cause", nameof(SectionField.RootCauses))]
    [InlineData("Technical root cause", nameof(SectionField.RootCauses))]
    [InlineData("Triggering event", nameof(SectionField.Trigger))]
    [InlineData("3. Root cause", nameof(SectionField.RootCauses))]
    [InlineData("III. Timeline", nameof(SectionField.Timeline))]
    [InlineData("4) Action items", nameof(SectionField.ActionItems))]
    [InlineData("Incident timeline (UTC)", nameof(SectionField.Timeline))]
    [InlineData("Root cause analysis (5 whys)", nameof(SectionField.RootCauses))]
    [InlineData("Key lessons learned", nameof(SectionField.Lessons))]
    // Rows that must keep their meaning (a key phrase anywhere must not override a more specific start).
    [InlineData("Contributing factors and root cause", nameof(SectionField.ContributingFactors))]
    [InlineData("Root cause and mitigation", nameof(SectionField.RootCauses))]
    [InlineData("Impact", nameof(SectionField.Impact))]
    [InlineData("Supporting information", nameof(SectionField.None))]
    public void Heading_synonyms_map_to_fields(string heading, string expected) =>
        Assert.Equal(expected, HeadingVocabulary.Classify(heading).ToString());

    [Theory]
    [InlineData("Timestamp (UTC)")]
    [InlineData("Date / Time (PDT)")]
    [InlineData("Time (UTC)")]
    [InlineData("Time (CET)")]
    public void Timeline_tables_with_zoned_headers_are_read_in_any_section(string header)
    {
        var p = Some.FromMarkdown($"""
            # Search latency spike

            ## Investigation
            | {header} | Event | Owner |
            |---|---|---|
            | 2025-03-04 14:02 | Latency alert fires | Ana |
            | 2025-03-04 14:30 | Cache flushed | Ben |

            ## Root cause
            A cold cache after the deploy.
            """);

        Assert.Equal(2, p.Timeline.Count);
        Assert.Equal("Latency alert fires", p.Timeline[0].Text);
        Assert.Empty(p.ActionItems);
        Assert.NotNull(p.Timeline[0].At!.Value.Offset);
    }

    [Fact]
    public void A_timeline_table_with_an_owner_column_in_the_timeline_section_is_not_read_as_action_items()
    {
        var p = Some.FromMarkdown("""
            # Search latency spike

            ## Timeline
            | Time | Action | Owner |
            |---|---|---|
            | 14:02 UTC | Latency alert fires | Ana |
            | 14:30 UTC | Cache flushed | Ben |

            Date: 2025-03-04
            """);

        Assert.Equal(2, p.Timeline.Count);
        Assert.Empty(p.ActionItems);
    }

    [Theory]
    [InlineData("30/01/2025", "2025-01-30")]       // day-first: 30 cannot be a month
    [InlineData("30.01.2025", "2025-01-30")]       // German/European dotted form
    [InlineData("04-Mar-2025", "2025-03-04")]      // Oracle / UK ops logs
    [InlineData("4 Mar 2025", "2025-03-04")]
    [InlineData("03/04/2025", "2025-03-04")]       // ambiguous: US reading kept (plus a diagnostic where extracted)
    [InlineData("Tuesday 4th March 2025", "2025-03-04")]
    [InlineData("17 février 2026", "2026-02-17")]     // French month names, accented or not
    [InlineData("3 août 2024", "2024-08-03")]
    [InlineData("3 de julio de 2024", "2024-07-03")]  // Spanish "de … de"
    [InlineData("3. Juli 2024", "2024-07-03")]        // German: the day ends in a dot
    [InlineData("12. Dezember 2025", "2025-12-12")]   // "dez" is not an English abbreviation
    [InlineData("Sept 30, 2024", "2024-09-30")]       // class 12: the four-letter abbreviation
    [InlineData("0205-03-04", "0205-03-04")]          // class 12: a typo'd year is kept as written (and flagged by the extractor)
    public void Dates_in_european_forms(string text, string expected)
    {
        Assert.True(DateTimeText.TryParseDate(text, out var date));
        Assert.Equal(expected, date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("1405Z", "14:05", "00:00:00")]
    [InlineData("0920 CET", "09:20", "01:00:00")]
    [InlineData("14h20", "14:20", null)]
    [InlineData("~14:10", "14:10", null)]
    [InlineData("14:10 BST", "14:10", "01:00:00")]
    public void Times_in_ops_forms(string text, string time, string? zone)
    {
        var m = DateTimeText.ReadLeading(text);
        Assert.NotNull(m);
        Assert.Equal(time, m.Time!.Value.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(zone, m.Zone?.ToString());
    }

    [Theory]
    [InlineData("2025")]          // a year is not a time
    [InlineData("1234 rows")]     // nor a count
    [InlineData("May 3 engineers joined")]
    public void Numbers_that_are_not_times_stay_unread(string text) =>
        Assert.Null(DateTimeText.ReadLeading(text)?.Time);

    [Fact]
    public void Month_day_without_a_year_takes_the_year_of_the_incident()
    {
        var p = Some.FromMarkdown("""
            # Payments delayed

            Date: 2025-03-04

            ## Timeline
            - Mar 4 14:02 UTC — payouts queue stalls
            - Mar 5 09:10 UTC — backlog drained, resolved
            """);

        Assert.Equal("2025-03-04T14:02:00+00:00", p.Timeline[0].At.ToString());
        Assert.Equal("2025-03-05T09:10:00+00:00", p.Timeline[1].At.ToString());
        Assert.Equal("payouts queue stalls", p.Timeline[0].Text);
    }

    [Fact]
    public void Ambiguous_slash_dates_keep_the_month_first_reading_and_say_so()
    {
        var p = Some.FromMarkdown("""
            # Login errors

            Start: 04/03/2025 14:02 UTC

            ## Summary
            Logins failed.
            """);

        Assert.Equal("2025-04-03T14:02:00+00:00", p.IncidentStart.ToString());
        Assert.Contains(p.Diagnostics, d => d.Message.Contains("ambiguous", StringComparison.Ordinal));
    }

    [Fact]
    public void A_document_that_writes_day_first_dates_elsewhere_reads_ambiguous_ones_day_first()
    {
        var p = Some.FromMarkdown("""
            # Login errors

            Start: 04/03/2025 14:02 UTC
            Postmortem date: 18/03/2025

            ## Summary
            Logins failed.
            """);

        Assert.Equal("2025-03-04T14:02:00+00:00", p.IncidentStart.ToString());
        Assert.Equal(new DateOnly(2025, 3, 18), p.PostmortemDate);
    }

    [Theory]
    [InlineData("09:31–09:40 rollback", "09:31", "rollback")]
    [InlineData("09:31 - 09:40: rollback", "09:31", "rollback")]
    [InlineData("09:31 to 09:40 rollback", "09:31", "rollback")]
    [InlineData("~14:10 on-call acknowledges", "~14:10", "on-call acknowledges")]
    [InlineData("1405Z: DNS change pushed", "1405Z", "DNS change pushed")]
    [InlineData("14h20 bascule vers le secours", "14h20", "bascule vers le secours")]
    public void Timeline_lines_keep_the_start_time_and_the_text(string line, string atText, string text)
    {
        var p = Some.FromMarkdown($"""
            # Checkout errors

            Date: 2025-03-04

            ## Timeline
            - {line}
            """);

        var entry = Assert.Single(p.Timeline);
        Assert.Equal(atText, entry.AtText);
        Assert.Equal(text, entry.Text);
        Assert.Equal(new DateOnly(2025, 3, 4), entry.At?.Date);
    }

    [Theory]
    [InlineData("Customer-facing SEV2", "SEV2")]
    [InlineData("Highest", "SEV1")]
    [InlineData("High", "SEV2")]
    [InlineData("Medium", "SEV3")]
    [InlineData("Low", "SEV4")]
    [InlineData("Lowest", "SEV5")]
    [InlineData("Severity 2", "SEV2")]
    [InlineData("Sev 1 (critical)", "SEV1")]
    [InlineData("SEV-3 / minor", "SEV3")]
    [InlineData("P2 - High", "SEV2")]
    public void Severities_as_written_in_the_wild(string raw, string expected) =>
        Assert.Equal(expected, SeverityNormalizer.Normalize(raw));

    [Fact]
    public void Severity_is_read_from_the_summary_when_no_field_gives_it()
    {
        var p = Some.FromMarkdown("""
            # Search outage

            ## Summary
            On 4 March 2025 search was unavailable for 40 minutes. This was declared a SEV-2 incident.
            """);

        Assert.Equal("SEV2", p.Severity);
    }

    [Theory]
    [InlineData("In Review", ActionStatus.Open)]
    [InlineData("In progress", ActionStatus.Open)]
    [InlineData("To Do", ActionStatus.Open)]
    [InlineData("Blocked", ActionStatus.Open)]
    [InlineData("🟢 Done", ActionStatus.Done)]
    [InlineData("✅ Done", ActionStatus.Done)]
    [InlineData("🔴 Open", ActionStatus.Open)]
    // Neither done (it must not count as remediation) nor open (it must not show as overdue).
    [InlineData("Won't Do", ActionStatus.Unknown)]
    [InlineData("Cancelled", ActionStatus.Unknown)]
    public void Action_item_statuses(string text, ActionStatus expected) =>
        Assert.Equal(expected, ActionItemExtractor.StatusOf(text));

    [Fact]
    public void Action_table_due_dates_in_day_first_form()
    {
        var p = Some.FromMarkdown("""
            # Checkout errors

            ## Action items
            | Action | Owner | Due | Status |
            |---|---|---|---|
            | Add canary | Ana | 15/04/2025 | In Review |
            | Drop old flag | Ben | 30.04.2025 | 🟢 Done |
            """);

        Assert.Equal(new DateOnly(2025, 4, 15), p.ActionItems[0].Due);
        Assert.Equal(ActionStatus.Open, p.ActionItems[0].Status);
        Assert.Equal(new DateOnly(2025, 4, 30), p.ActionItems[1].Due);
        Assert.Equal(ActionStatus.Done, p.ActionItems[1].Status);
    }

    [Theory]
    [InlineData("Add dashboards (Owner: Priya Shah, Due: 2025-04-01, Status: Open)", "Add dashboards", "Priya Shah", "2025-04-01", ActionStatus.Open, null)]
    [InlineData("Add dashboards (Due: 01/04/2025; Owner: @priya)", "Add dashboards", "priya", "2025-01-04", ActionStatus.Unknown, null)]
    [InlineData("OPS-77 Add dashboards (owner: Priya, status: done)", "Add dashboards", "Priya", null, ActionStatus.Done, "OPS-77")]
    [InlineData("Add dashboards (Owner: Priya Shah, Due: 2025-04-01, Status: Open, Ticket: OPS-78)", "Add dashboards", "Priya Shah", "2025-04-01", ActionStatus.Open, "OPS-78")]
    public void Inline_parenthesised_fields_are_parsed_and_removed(string line, string text, string owner, string? due, ActionStatus status, string? ticket)
    {
        var item = ActionItemExtractor.FromLine(line, []);
        Assert.Equal(text, item.Text);
        Assert.Equal(owner, item.Owner);
        Assert.Equal(due, item.Due?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(status, item.Status);
        Assert.Equal(ticket, item.Ticket);
    }
}
