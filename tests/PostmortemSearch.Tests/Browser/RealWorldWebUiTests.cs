using Microsoft.Playwright;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Browser;

/// <summary>Pages in Chromium over what real archives hold: a Word sample with typed bullets, a 25-day outage.</summary>
public sealed class RealWorldWebUiTests(RealWorldBrowserHost host, ITestOutputHelper output) : IClassFixture<RealWorldBrowserHost>
{
    private bool Skipped()
    {
        if (host.SkipReason is null) return false;
        output.WriteLine(host.SkipReason);
        return true;
    }

    [Fact]
    public async Task A_word_file_with_typed_bullets_and_metadata_lines_shows_each_thing_once()
    {
        if (Skipped()) return;
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync(host.BaseUrl + "/index.html?q=gift+card+dead-letter");
        await page.GetByRole(AriaRole.Link, new() { Name = "Orders stuck in dead-letter queue after order-pipeline release" }).ClickAsync();
        await page.Locator("h1", new() { HasText = "Orders stuck in dead-letter queue" }).WaitForAsync();
        var text = await page.Locator("#incident").InnerTextAsync();

        int Count(string s) => (text.Length - text.Replace(s, "", StringComparison.Ordinal).Length) / s.Length;
        Assert.Equal(1, Count("Contract tests are a manual step in the release checklist."));
        Assert.Equal(0, Count("- Contract tests"));                               // the typed bullet is no part of the item
        Assert.Equal(1, Count("The replay worked and no order was lost."));
        Assert.Equal(0, Count("Date of review:"));                                // the opening metadata lines are in the fields
        Assert.Equal(0, Count("Introduction"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_very_long_outage_puts_the_duration_chart_on_a_log_scale_and_says_so()
    {
        if (Skipped()) return;
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync(host.BaseUrl + "/trends.html");
        await page.Locator("body[data-charts-ready='true']").WaitForAsync();

        var duration = await page.EvaluateAsync<string?>("() => Chart.getChart(document.getElementById('chart-duration')).options.scales.y.type ?? null");
        var detect = await page.EvaluateAsync<string?>("() => Chart.getChart(document.getElementById('chart-ttp')).options.scales.y.type ?? null");

        Assert.Equal("logarithmic", duration);
        Assert.NotEqual("logarithmic", detect);                                   // the other charts are not skewed: linear
        Assert.Contains("log scale", await page.Locator("#n-duration").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(errors);
    }
}
