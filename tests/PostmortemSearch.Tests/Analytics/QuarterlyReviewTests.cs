using System.Text.Json;
using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Tests.Analytics;

public class QuarterlyReviewTests
{
    private static readonly DateOnly AsOf = new(2025, 10, 15);

    private static readonly Postmortem[] All =
    [
        // 2025Q2 (previous quarter)
        Some.Postmortem("q2-cert", start: "2025-05-02T09:00:00Z", resolved: "2025-05-02T10:00:00Z", postmortemDate: "2025-05-06",
            rootCauses: ["The TLS certificate expired."], actionItems: [Some.Action("automate renewal", ActionStatus.Done)]),
        // 2025Q3
        Some.Postmortem("q3-cert", start: "2025-07-10T09:00:00Z", resolved: "2025-07-10T12:00:00Z", postmortemDate: "2025-07-20",
            rootCauses: ["Expired SSL cert on the edge proxies."], summary: "Bob failed to renew the cert.",
            actionItems: [Some.Action("alert 30 days before expiry", ActionStatus.Open, owner: "Alice", due: "2025-08-01"), Some.Action("inventory certs", ActionStatus.Done)]),
        Some.Postmortem("q3-disk", start: "2025-08-03T09:00:00Z", resolved: "2025-08-03T09:30:00Z", postmortemDate: "2025-08-05",
            rootCauses: ["The log volume filled up."], actionItems: [Some.Action("rotate logs", ActionStatus.Open, due: "2025-12-01")]),
        Some.Postmortem("q3-nodate", postmortemDate: "2025-09-30", rootCauses: ["Disk ran out of space on the primary."]),
        // 2025Q4: outside
        Some.Postmortem("q4", start: "2025-10-02T09:00:00Z"),
    ];

    [Fact]
    public void The_review_holds_the_quarters_figures()
    {
        var review = QuarterlyReview.Build(All, "2025Q3", AsOf);

        Assert.Equal("2025Q3", review.Quarter);
        Assert.Equal(["q3-cert", "q3-disk", "q3-nodate"], review.PostmortemIds);
        Assert.Equal(2, review.TimeToPostmortemDays.N);                 // q3-nodate has no resolved time
        Assert.Equal(6, review.TimeToPostmortemDays.Median);            // 10 and 2 days
        Assert.NotNull(review.TimeToPostmortemDays.Warning);
        Assert.Equal((3, 1, 2, 1), (review.ActionItems.Total, review.ActionItems.Done, review.ActionItems.Open, review.ActionItems.Overdue));
        var overdue = Assert.Single(review.ActionItems.OverdueList);
        Assert.Equal(("q3-cert", "Alice", new DateOnly(2025, 8, 1)), (overdue.PostmortemId, overdue.Owner, overdue.Due));
        var finding = Assert.Single(review.BlamelessFindings);
        Assert.Equal(("q3-cert", "Bob failed to"), (finding.PostmortemId, finding.Text));
        Assert.Equal((3, 0, 1, 0), (review.ActionItemGaps.Total, review.ActionItemGaps.LackingOwner, review.ActionItemGaps.LackingDue, review.ActionItemGaps.LackingTicket));
        var gap = Assert.Single(review.ActionItemGaps.Items);
        Assert.Equal(("q3-cert", "inventory certs", false, true, false), (gap.PostmortemId, gap.Text, gap.MissingOwner, gap.MissingDue, gap.MissingTicket));
        Assert.Equal(3, review.Completeness.Count);
        Assert.Contains(review.Clusters, c => c.Id == "cert-expiry" && c.IncidentsInQuarter == 1 && c.RecurringInQuarter == 1);
        Assert.Contains(review.Clusters, c => c.Id == "disk-full" && c.IncidentsInQuarter == 2 && c.RecurringInQuarter == 1);
        var again = Assert.Single(review.RecurrencesAfterRemediation);
        Assert.Equal(("q3-cert", "q2-cert"), (again.IncidentId, again.EarlierIncidentId));
        Assert.Equal(2.0 / 3, review.RecurrenceRate.Value!.Value, 6);

        Assert.Equal("2025Q2", review.PreviousQuarter.Quarter);
        Assert.Equal(1, review.PreviousQuarter.Postmortems);
        Assert.Equal(4, review.PreviousQuarter.TimeToPostmortemDays.Median);
        Assert.Equal(0, review.PreviousQuarter.RecurrenceRate.Value);
    }

    [Fact]
    public void Json_is_valid_camel_case()
    {
        var json = ReviewRenderer.ToJson(QuarterlyReview.Build(All, "2025Q3", AsOf));
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("2025Q3", doc.RootElement.GetProperty("quarter").GetString());
        Assert.Equal(2, doc.RootElement.GetProperty("timeToPostmortemDays").GetProperty("n").GetInt32());
        Assert.Equal("2025-08-01", doc.RootElement.GetProperty("actionItems").GetProperty("overdueList")[0].GetProperty("due").GetString());
        Assert.True(doc.RootElement.GetProperty("actionItemGaps").GetProperty("items")[0].GetProperty("missingDue").GetBoolean());
        Assert.True(doc.RootElement.GetProperty("previousQuarter").TryGetProperty("postmortems", out _));
    }

    [Fact]
    public void Csv_has_a_header_and_quotes_per_rfc_4180()
    {
        var csv = ReviewRenderer.ToCsv(QuarterlyReview.Build(All, "2025Q3", AsOf));
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("section,postmortemId,item,value,detail", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("overdueActionItem,q3-cert,alert 30 days before expiry,2025-08-01,Alice", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("blamelessFinding,q3-cert,Bob failed to,", StringComparison.Ordinal));
        Assert.Contains("actionItemGap,q3-cert,inventory certs,due date,", lines);
        Assert.Contains(lines, l => l.Contains("\"time to postmortem, median days\"", StringComparison.Ordinal));
        // One number per cell: no "11.5 (n=6)".
        foreach (var line in lines.Where(l => l.StartsWith("figure,", StringComparison.Ordinal)))
            Assert.Matches(@"^figure,,(""[^""]*""|[^,]*),(-?\d+(\.\d+)?%?)?,", line);
    }

    [Fact]
    public void Html_is_self_contained_with_svg_charts()
    {
        var html = ReviewRenderer.ToHtml(QuarterlyReview.Build(All, "2025Q3", AsOf));
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("<style>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("Bob failed to", html, StringComparison.Ordinal);
        Assert.Contains("<td>inventory certs</td><td>due date</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_has_the_sections()
    {
        var md = ReviewRenderer.ToMarkdown(QuarterlyReview.Build(All, "2025Q3", AsOf));
        Assert.StartsWith("# Postmortem review 2025Q3", md, StringComparison.Ordinal);
        foreach (var heading in new[] { "## Figures", "## Overdue action items", "## Action items lacking an owner, a due date or a ticket", "## Blameless-language findings", "## Template completeness", "## Recurring factor clusters", "## Recurrences after remediation" })
            Assert.Contains(heading, md, StringComparison.Ordinal);
    }
}
