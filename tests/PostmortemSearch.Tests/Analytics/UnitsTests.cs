using PostmortemSearch.Core.Analytics;

namespace PostmortemSearch.Tests.Analytics;

/// <summary>One unit convention: fractions in JSON, whole percents in everything rendered.</summary>
public sealed class UnitsTests
{
    [Theory]
    [InlineData(1.0, "100%")]
    [InlineData(0.255, "26%")]          // rounded half away from zero
    [InlineData(0.0, "0%")]
    [InlineData(null, "—")]
    public void Shares_render_as_whole_percents(double? fraction, string expected) => Assert.Equal(expected, Units.Percent(fraction));

    [Fact]
    public void The_review_renders_completeness_and_recurrence_as_percents_in_every_text_format()
    {
        var all = new[]
        {
            Some.Postmortem("a", start: "2025-07-10T09:00:00Z", resolved: "2025-07-10T12:00:00Z", postmortemDate: "2025-07-20", rootCauses: ["The TLS certificate expired"]),
            Some.Postmortem("b", start: "2025-08-10T09:00:00Z", resolved: "2025-08-10T12:00:00Z", postmortemDate: "2025-08-20", rootCauses: ["Expired SSL cert"]),
        };
        var review = QuarterlyReview.Build(all, "2025Q3", new DateOnly(2025, 12, 31), new FactorClusterer().Cluster(all));

        var md = ReviewRenderer.ToMarkdown(review);
        var csv = ReviewRenderer.ToCsv(review);
        var html = ReviewRenderer.ToHtml(review);

        Assert.Contains("| recurrence rate (n) | 50% (n=2) |", md, StringComparison.Ordinal);
        Assert.Matches(@"\| a \| \d+% \|", md);
        Assert.Matches(@"completeness,a,completeness,\d+%", csv);
        Assert.Contains("figure,,recurrence rate,50%,2025Q3", csv, StringComparison.Ordinal);
        Assert.Matches(@"figure,,""completeness, median"",\d+%,2025Q3", csv);
        Assert.Matches(@"<td>a</td><td>\d+%</td>", html);
        Assert.DoesNotMatch(@"\| a \| 0\.\d\d \|", md);
    }
}
