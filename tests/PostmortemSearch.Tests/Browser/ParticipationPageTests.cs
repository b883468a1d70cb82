using PostmortemSearch.Tests.Analytics;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Browser;

/// <summary>The usual postmortems plus the ledger write-ups of <see cref="ParticipationTests"/> (two of three Q3 ones list people).</summary>
public sealed class ParticipationBrowserHost : BrowserHost
{
    protected override IEnumerable<(string Name, string Markdown)> ExtraPostmortems => ParticipationTests.Corpus;
}

/// <summary>Participation on the review page and the incident page, in Chromium.</summary>
public sealed class ParticipationPageTests(ParticipationBrowserHost host, ITestOutputHelper output) : IClassFixture<ParticipationBrowserHost>
{
    [Fact]
    public async Task The_review_page_shows_participants_per_postmortem_with_n_and_how_many_list_any()
    {
        if (host.SkipReason is not null) { output.WriteLine(host.SkipReason); return; }
        var (page, errors) = await host.NewPageAsync();

        await page.GotoAsync(host.BaseUrl + "/review.html?quarter=2025Q3");
        var stat = page.Locator("#participation");
        await stat.WaitForAsync();
        var text = await stat.InnerTextAsync();

        // 2025Q3 holds the two usual Q3 postmortems (no participants) and three ledger ones, two of which list 3 and 6.
        Assert.Contains("4.5", text, StringComparison.Ordinal);
        Assert.Contains("p90 5.7, n=2: 2 of 5 postmortems list participants", text, StringComparison.Ordinal);
        Assert.Contains("previous median 2 (n=1)", text, StringComparison.Ordinal);                 // as the CLI writes it, not "2.0"
        Assert.DoesNotContain("mean", text, StringComparison.OrdinalIgnoreCase);
        await BrowserHost.ShotAsync(page, "review-participation");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_incident_page_lists_the_participants()
    {
        if (host.SkipReason is not null) { output.WriteLine(host.SkipReason); return; }
        var (page, errors) = await host.NewPageAsync();
        using var http = new HttpClient();
        var list = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(host.BaseUrl + "/api/postmortems?limit=1000"))).RootElement;
        var id = list.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("title").GetString() == "Ledger stall during replica rebuild").GetProperty("id").GetString();
        await page.GotoAsync(host.BaseUrl + "/incident.html?id=" + Uri.EscapeDataString(id!));

        var participants = page.Locator("dl.fields dt", new() { HasText = "Participants" });
        await participants.WaitForAsync();
        var value = await page.Locator("dl.fields dt:has-text('Participants') + dd").InnerTextAsync();
        Assert.Contains("Ines Duarte", value, StringComparison.Ordinal);
        Assert.Contains("Wren Holloway", value, StringComparison.Ordinal);
        Assert.DoesNotContain("scribe", value, StringComparison.Ordinal);
        Assert.Empty(errors);
    }
}
