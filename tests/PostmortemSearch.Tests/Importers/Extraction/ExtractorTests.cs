using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers.Extraction;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Importers.Extraction;

public sealed class ExtractorTests
{
    private const string SreBookStyle = """
        # Checkout 502s after payments-gateway rollout

        ### Date
        2025-03-04

        ### Authors
        jdoe, asmith

        ### Status
        Complete, action items in progress

        **Severity:** SEV-2
        **Services:** checkout-api, payments-gateway
        **Start:** 2025-03-04 14:02 UTC
        **Resolved:** 2025-03-04 15:10 UTC
        **Postmortem date:** 2025-03-11

        ### Summary
        Checkout returned 502 errors for 68 minutes after a payments-gateway release.

        ### Impact
        About 12% of checkout attempts failed.

        ### Root Causes
        - The new gateway build exhausted its database connection pool under load.
        - The canary stage only received 1% of traffic.

        ### Trigger
        Rollout of payments-gateway v2.14.0.

        ### Resolution
        Rolled back to v2.13.4.

        ### Detection
        The 5xx-rate alert paged the on-call engineer.

        ## Action Items
        - OPS-123 (jdoe, due 2025-04-01): Size the connection pool from load tests
        - [x] OPS-124 Add a canary stage at 10% owner: asmith due: 2025-03-20
        - Write a runbook for gateway rollbacks (status: open)

        ## Lessons Learned
        ### What went well
        - Rollback took 4 minutes.
        ### What went wrong
        - The canary did not catch the regression.
        ### Where we got lucky
        - It happened outside peak hours.

        ## Timeline
        2025-03-04 (all times UTC)
        - 14:02 payments-gateway v2.14.0 rollout starts
        - 14:09 5xx alert fires, on-call paged
        - 14:40 decision to roll back
        - 15:10 error rates back to normal, incident resolved

        ## Supporting information
        Dashboards and logs.
        """;

    [Fact]
    public void Maps_the_sre_book_template_to_fields()
    {
        var p = Some.FromMarkdown(SreBookStyle);

        Assert.Equal("Checkout 502s after payments-gateway rollout", p.Title);
        Assert.Equal("SEV2", p.Severity);
        Assert.Equal("SEV-2", p.SeverityRaw);
        Assert.Equal(["checkout-api", "payments-gateway"], p.Services);
        Assert.Equal(["jdoe", "asmith"], p.Authors);
        Assert.Equal("2025-03-04T14:02:00+00:00", p.IncidentStart.ToString());
        Assert.Equal("2025-03-04T15:10:00+00:00", p.ResolvedAt.ToString());
        Assert.Equal(TimeSpan.FromMinutes(68), p.Duration);
        Assert.Equal(new DateOnly(2025, 3, 11), p.PostmortemDate);
        Assert.StartsWith("Checkout returned 502 errors", p.Summary);
        Assert.Equal("About 12% of checkout attempts failed.", p.Impact);
        Assert.Equal(2, p.RootCauses.Count);
        Assert.Contains("connection pool", p.RootCauses[0]);
        Assert.Equal("Rollout of payments-gateway v2.14.0.", p.Trigger);
        Assert.Equal("Rolled back to v2.13.4.", p.Resolution);
        Assert.Contains("paged", p.Detection);
        Assert.Equal(["Rollback took 4 minutes."], p.Lessons.WentWell);
        Assert.Equal(["The canary did not catch the regression."], p.Lessons.WentWrong);
        Assert.Equal(["It happened outside peak hours."], p.Lessons.GotLucky);
        Assert.Contains(p.Sections, s => s.Heading == "Supporting information" && s.Field is null && s.Text.Contains("Dashboards"));
    }

    [Fact]
    public void Reads_action_items_from_bullet_lines_and_task_lists()
    {
        var p = Some.FromMarkdown(SreBookStyle);

        Assert.Equal(3, p.ActionItems.Count);
        var first = p.ActionItems[0];
        Assert.Equal("OPS-123", first.Ticket);
        Assert.Equal("jdoe", first.Owner);
        Assert.Equal(new DateOnly(2025, 4, 1), first.Due);
        Assert.Equal("Size the connection pool from load tests", first.Text);
        var second = p.ActionItems[1];
        Assert.Equal(ActionStatus.Done, second.Status);
        Assert.Equal("asmith", second.Owner);
        Assert.Equal(new DateOnly(2025, 3, 20), second.Due);
        Assert.Equal("OPS-124", second.Ticket);
        Assert.Equal(ActionStatus.Open, p.ActionItems[2].Status);
        Assert.Equal("Write a runbook for gateway rollbacks", p.ActionItems[2].Text);
    }

    [Fact]
    public void Reads_time_only_timeline_lines_under_a_date_line_in_the_stated_zone()
    {
        var p = Some.FromMarkdown(SreBookStyle);

        Assert.Equal(4, p.Timeline.Count);
        Assert.Equal("2025-03-04T14:09:00+00:00", p.Timeline[1].At.ToString());
        Assert.Equal("14:09", p.Timeline[1].AtText);
        Assert.Equal("5xx alert fires, on-call paged", p.Timeline[1].Text);
        Assert.DoesNotContain(p.Diagnostics, d => d.Message.Contains("no time zone"));
    }

    [Fact]
    public void Keeps_unzoned_times_as_written_and_flags_them()
    {
        var p = Some.FromMarkdown("""
            # Cache stampede
            ## Timeline
            - 2025-05-02 09:15 cache cluster restarted
            - 2025-05-02 09:20 p99 latency 4s
            """);

        Assert.Equal("2025-05-02T09:15:00", p.Timeline[0].At.ToString());
        Assert.False(p.Timeline[0].At!.Value.HasZone);
        Assert.Contains(p.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Message.Contains("no time zone"));
    }

    [Fact]
    public void Reads_timeline_and_action_item_tables()
    {
        var p = Some.FromMarkdown("""
            # DNS resolver change broke service discovery
            | Field | Value |
            |---|---|
            | Severity | P1 |
            | Incident start | 2025-06-10 08:00 +02:00 |
            | Services affected | inventory; search-api |

            ## Timeline
            | Time (UTC) | Event |
            |---|---|
            | 2025-06-10 06:00 | resolver config pushed |
            | 2025-06-10 06:12 | lookups failing |

            ## Follow-ups
            | Action | Owner | Due | Status | Ticket |
            |---|---|---|---|---|
            | Stage resolver changes | Platform team | 2025-07-01 | Done | NET-77 |
            | Alert on NXDOMAIN rate | R. Chen | 2025-07-15 | In progress | NET-78 |
            """);

        Assert.Equal("SEV1", p.Severity);
        Assert.Equal("2025-06-10T08:00:00+02:00", p.IncidentStart.ToString());
        Assert.Equal(["inventory", "search-api"], p.Services);
        Assert.Equal(2, p.Timeline.Count);
        Assert.Equal("resolver config pushed", p.Timeline[0].Text);
        Assert.Equal(2, p.ActionItems.Count);
        Assert.Equal(new ActionItem { Text = "Stage resolver changes", Owner = "Platform team", Due = new DateOnly(2025, 7, 1), Status = ActionStatus.Done, Ticket = "NET-77" }, p.ActionItems[0]);
        Assert.Equal(ActionStatus.Open, p.ActionItems[1].Status);
        Assert.Equal("R. Chen", p.ActionItems[1].Owner);
    }

    [Theory]
    [InlineData("SEV-1", "SEV1")]
    [InlineData("Sev 2", "SEV2")]
    [InlineData("sev3", "SEV3")]
    [InlineData("S1", "SEV1")]
    [InlineData("P1", "SEV1")]
    [InlineData("P2 - High", "SEV2")]
    [InlineData("Critical", "SEV1")]
    [InlineData("Major", "SEV2")]
    [InlineData("Minor", "SEV4")]
    [InlineData("SEV0", "SEV1")]          // some organisations count from 0; the schema's worst is SEV1
    [InlineData("Level 3", "SEV3")]
    [InlineData("banana", null)]
    public void Normalises_severities(string raw, string? expected) => Assert.Equal(expected, SeverityNormalizer.Normalize(raw));

    [Theory]
    [InlineData("Root Cause(s)", "RootCauses")]
    [InlineData("2. Root cause analysis", "RootCauses")]
    [InlineData("Contributing Factors", "ContributingFactors")]
    [InlineData("Where we got lucky", "GotLucky")]
    [InlineData("What could have gone better?", "WentWrong")]
    [InlineData("Corrective and Preventative Measures", "ActionItems")]
    [InlineData("Follow-up actions", "ActionItems")]
    [InlineData("Incident Timeline", "Timeline")]
    [InlineData("Customer impact", "Impact")]
    [InlineData("Executive Summary", "Summary")]
    [InlineData("Mitigation & Resolution", "Resolution")]
    [InlineData("How was it detected?", "Detection")]
    [InlineData("Trigger(s)", "Trigger")]
    [InlineData("Supporting information", "None")]
    public void Maps_template_headings_to_fields(string heading, string field) =>
        Assert.Equal(field, HeadingVocabulary.Classify(heading).ToString());

    [Theory]
    [InlineData("2025-03-04 14:02 UTC – deploy started", "2025-03-04T14:02:00+00:00", "deploy started")]
    [InlineData("2017-03-24 at 8:00AM PST – firewall alert", "2017-03-24T08:00:00-08:00", "firewall alert")]
    [InlineData("Mar 4, 2025 2:30 PM EST: rollback", "2025-03-04T14:30:00-05:00", "rollback")]
    [InlineData("2025-03-04T14:02:00+01:00 page fired", "2025-03-04T14:02:00+01:00", "page fired")]
    [InlineData("[2025-03-04 14:02:33 Z] disk full", "2025-03-04T14:02:33+00:00", "disk full")]
    public void Reads_dated_timeline_lines(string line, string at, string text)
    {
        var p = Some.FromMarkdown($"# T\n## Timeline\n- {line}\n");
        var entry = Assert.Single(p.Timeline);
        Assert.Equal(at, entry.At.ToString());
        Assert.Equal(text, entry.Text);
    }

    [Fact]
    public void Ignores_numbers_that_are_not_times()
    {
        var p = Some.FromMarkdown("# T\n## Timeline\n- 3 servers failed over\n- 14:00 page\n");
        Assert.Single(p.Timeline);
    }

    [Fact]
    public void Records_what_it_could_not_find()
    {
        var p = Some.FromMarkdown("# Something broke\n\nWe are not sure what happened.\n");
        Assert.Contains(p.Diagnostics, d => d.Message == "no severity found");
        Assert.Contains(p.Diagnostics, d => d.Message == "no root cause section found");
        Assert.Null(p.Severity);
        Assert.Empty(p.ActionItems);
    }

    [Fact]
    public void Restricted_by_metadata_or_label()
    {
        Assert.True(Some.FromMarkdown("---\ntitle: Key leak\nrestricted: yes\n---\nText\n").Restricted);
        Assert.True(Some.FromMarkdown("---\ntitle: Key leak\ntags: [security, restricted]\n---\nText\n").Restricted);
        Assert.False(Some.FromMarkdown("---\ntitle: Cache\ntags: [cache]\n---\nText\n").Restricted);
    }

    [Fact]
    public void Computes_duration_from_start_and_end_when_not_written()
    {
        var p = Some.FromMarkdown("# T\nStart: 2025-01-01 23:30 UTC\nEnd: 2025-01-02 01:00 UTC\n");
        Assert.Equal(TimeSpan.FromMinutes(90), p.Duration);
    }

    [Fact]
    public void A_written_duration_wins()
    {
        var p = Some.FromMarkdown("# T\nDuration: 2h 15m\nStart: 2025-01-01 23:30 UTC\nEnd: 2025-01-02 01:00 UTC\n");
        Assert.Equal(TimeSpan.FromMinutes(135), p.Duration);
    }

    [Fact]
    public void Root_cause_lead_in_paragraph_feeds_the_field()
    {
        var p = Some.FromMarkdown("# T\n\nRoot cause: the TLS certificate on the edge was not renewed.\n");
        Assert.Equal(["the TLS certificate on the edge was not renewed."], p.RootCauses);
    }
}

public sealed class ActionItemLineTests
{
    [Theory]
    [InlineData("Add alerting owner: kim due: 2025-04-01", "Add alerting", "kim", "2025-04-01")]          // labels without brackets keep the words apart
    [InlineData("Fix it owner: Kim Lee due: 2025-04-01", "Fix it", "Kim Lee", "2025-04-01")]
    [InlineData("OPS-9 (jdoe, due 2025-04-01, done): Rotate keys", "Rotate keys", "jdoe", "2025-04-01")]
    [InlineData("EDGE-1: Alert on renewals — Jonas Berg — due 2025-10-24 — Done", "Alert on renewals", "Jonas Berg", "2025-10-24")]
    public void Reads_owner_and_due_wherever_the_line_writes_them(string line, string text, string owner, string due)
    {
        var item = PostmortemSearch.Importers.Extraction.ActionItemExtractor.FromLine(line, []);
        Assert.Equal(text, item.Text);
        Assert.Equal(owner, item.Owner);
        Assert.Equal(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), item.Due);
    }
}
