using Microsoft.Playwright;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Browser;

/// <summary>
/// The dashboards in Chromium over the usual postmortems plus one dated 1628: the trends stay readable and take a range,
/// a chart bar, a cluster and a tile open the matching search, filters change the figures, gate and report are reachable.
/// </summary>
public sealed class DashboardWebUiTests(OutlierBrowserHost host, ITestOutputHelper output) : IClassFixture<OutlierBrowserHost>
{
    private bool Skipped()
    {
        if (host.SkipReason is null) return false;
        output.WriteLine(host.SkipReason);
        return true;
    }

    private static Task<string[]> Labels(IPage page, string chart) =>
        page.EvaluateAsync<string[]>($"() => Chart.getChart(document.getElementById('chart-{chart}')).data.labels");

    private static async Task ChartsReady(IPage page) => await page.Locator("body[data-charts-ready='true']").WaitForAsync();

    private static async Task Show(IPage page)
    {
        await page.EvaluateAsync("() => { document.body.dataset.chartsReady = 'pending'; }");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
        await ChartsReady(page);
    }

    [Fact]
    public async Task Trends_with_an_outlier_from_1628_stay_readable_and_the_range_control_works()
    {
        if (Skipped()) return;
        var (page, errors) = await host.NewPageAsync();

        await page.GotoAsync(host.BaseUrl + "/trends.html");
        await ChartsReady(page);
        await BrowserHost.ShotAsync(page, "trends-outlier");

        Assert.Equal(["2025Q1", "2025Q2", "2025Q3"], await Labels(page, "duration"));      // not 1,590 quarters from 1628
        Assert.Equal(3, await page.Locator("#trend-table tbody tr").CountAsync());
        Assert.Contains("earliest 1628-08-10", await page.Locator("#span-note").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#range option[value='all']").IsDisabledAsync());  // 1628 … 2025 cannot be charted

        await page.Locator("#from").FillAsync("2025-04-01");
        await page.Locator("#to").FillAsync("2025-06-30");
        await Show(page);
        Assert.Equal("custom", await page.Locator("#range").InputValueAsync());
        Assert.Equal(["2025Q2"], await Labels(page, "duration"));

        await page.Locator("#by").SelectOptionAsync("month");
        await page.EvaluateAsync("() => { document.body.dataset.chartsReady = 'pending'; }");
        await page.Locator("#range").SelectOptionAsync("data");
        await ChartsReady(page);
        Assert.Equal(["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08"], await Labels(page, "duration"));
        // Small-n months are flagged in one line, not listed one by one.
        Assert.Equal("8 of 8 periods with n < 5 (lighter bars): not comparable", await page.Locator("#warn-duration").InnerTextAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Clicking_a_chart_bar_opens_the_search_for_that_period()
    {
        if (Skipped()) return;
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync(host.BaseUrl + "/trends.html");
        await ChartsReady(page);

        // The middle of the median bar of 2025Q3 on the duration chart, from Chart.js's own layout once its animation is
        // stopped (a click mid-animation lands where the bar is not yet) and the canvas is scrolled into the viewport
        // (a mouse click outside it goes nowhere). Measured again before each of at most three clicks, in case the
        // layout moved after the first measurement (both seen as flaky timeouts).
        const string target = "**/index.html?after=2025-07-01&before=2025-10-01";
        for (var attempt = 1; ; attempt++)
        {
            var point = await page.EvaluateAsync<double[]>("() => { const c = Chart.getChart(document.getElementById('chart-duration')); " +
                "c.canvas.scrollIntoView({ block: 'center' }); c.stop(); c.update('none'); " +
                "const bar = c.getDatasetMeta(0).data[2]; const r = c.canvas.getBoundingClientRect(); return [r.left + bar.x, r.top + (bar.y + bar.base) / 2]; }");
            await page.Mouse.ClickAsync((float)point[0], (float)point[1]);
            try
            {
                await page.WaitForURLAsync(target, new() { Timeout = attempt < 3 ? 5_000 : 30_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                // The click did navigate, only later than the wait (a loaded machine): wait for that page, do not
                // measure the chart again on a page that has none.
                if (!page.Url.Contains("/trends.html", StringComparison.Ordinal))
                {
                    Assert.Contains("after=2025-07-01&before=2025-10-01", page.Url, StringComparison.Ordinal);
                    break;
                }
            }
        }
        await page.Locator("#summary", new() { HasText = "found" }).WaitForAsync();
        await BrowserHost.ShotAsync(page, "trends-click-search");

        Assert.Equal(2, await page.Locator("#results > li").CountAsync());                 // 2025-07-19 and 2025-08-03
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_cluster_and_a_kpi_tile_open_the_matching_search()
    {
        if (Skipped()) return;
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync(host.BaseUrl + "/trends.html");
        await ChartsReady(page);

        var cluster = page.Locator("#cluster-links a").First;
        var factor = await cluster.GetAttributeAsync("data-factor");
        await cluster.ClickAsync();
        await page.WaitForURLAsync($"**/index.html?*factor={factor}*");
        await page.Locator("#summary", new() { HasText = "found" }).WaitForAsync();
        Assert.True(await page.Locator("#results > li").CountAsync() >= 2);

        await page.GoBackAsync();
        await ChartsReady(page);
        await page.Locator("#kpi-incidents").ClickAsync();
        await page.WaitForURLAsync("**/index.html?after=2025-01-14&before=2025-08-04");
        await page.Locator("#summary", new() { HasText = "5 postmortems found" }).WaitForAsync();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Filters_change_the_figures_on_trends_and_action_items()
    {
        if (Skipped()) return;
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync(host.BaseUrl + "/trends.html");
        await ChartsReady(page);
        var before = await page.Locator("#kpi-incidents .value").InnerTextAsync();

        await page.Locator("#service").FillAsync("checkout-api");
        await Show(page);
        var after = await page.Locator("#kpi-incidents .value").InnerTextAsync();
        Assert.Contains("service checkout-api", await page.Locator("#span-note").InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("#severity").SelectOptionAsync("SEV3");
        await Show(page);
        var none = await page.Locator("#kpi-incidents .value").InnerTextAsync();
        var overdueHref = await page.Locator("#kpi-overdue").GetAttributeAsync("href") ?? "";
        Assert.Contains("service=checkout-api", overdueHref, StringComparison.Ordinal);   // the whole filter, not the service alone
        Assert.Contains("severity=SEV3", overdueHref, StringComparison.Ordinal);
        Assert.Equal("DIV", await page.Locator("#kpi-recurring").EvaluateAsync<string>("e => e.tagName"));   // no link to a search that cannot select repeats

        Assert.Equal(("5", "2", "0"), (before, after, none));
        Assert.Contains("No dated incidents match", await page.Locator("#span-note").InnerTextAsync(), StringComparison.Ordinal);

        await page.GotoAsync(host.BaseUrl + "/actions.html");
        await page.Locator("#action-table tbody tr").First.WaitForAsync();
        var all = await page.Locator("#action-table tbody tr").CountAsync();
        await page.Locator("#owner").FillAsync("asmith");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#action-table tbody tr').length === 2");
        Assert.All(await page.Locator("#action-table tbody tr td:nth-child(3)").AllInnerTextsAsync(), owner => Assert.Equal("asmith", owner));
        Assert.True(all > 2);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_review_page_takes_the_same_filters()
    {
        if (Skipped()) return;
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync(host.BaseUrl + "/review.html?quarter=2025Q3");
        await page.Locator("h2", new() { HasText = "Review of 2025Q3" }).WaitForAsync();
        var all = await page.Locator("#review p.muted").First.InnerTextAsync();
        var unfilteredNotes = await page.Locator("#review-filter").CountAsync();

        await page.Locator("#service").FillAsync("checkout-api");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show review" }).ClickAsync();
        await page.Locator("#review p.muted", new() { HasText = "1 postmortems" }).WaitForAsync();

        Assert.StartsWith("2 postmortems", all, StringComparison.Ordinal);
        Assert.Equal(0, unfilteredNotes);
        Assert.StartsWith("Filter: service checkout-api.", await page.Locator("#review-filter").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("#review .stat .label", new() { HasText = "time to detect, median minutes" }).CountAsync());
        Assert.Equal(0, await page.Locator("#filter-note").CountAsync());
        Assert.Contains("service=checkout-api", page.Url, StringComparison.Ordinal);
        Assert.Contains("service=checkout-api", await page.Locator("[data-download='md']").GetAttributeAsync("href") ?? "", StringComparison.Ordinal);

        // a misspelt service is named, not shown as an empty, spotless quarter
        await page.Locator("#service").FillAsync("chekout-api");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show review" }).ClickAsync();
        await page.Locator("#filter-note", new() { HasText = "no incidents recorded for service 'chekout-api'" }).WaitForAsync();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_team_filter_carries_into_the_search_a_tile_or_a_review_figure_opens()
    {
        if (Skipped()) return;
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync(host.BaseUrl + "/trends.html?team=storefront");
        await ChartsReady(page);
        Assert.Equal("2", await page.Locator("#kpi-incidents .value").InnerTextAsync());
        await page.Locator("#kpi-incidents").ClickAsync();
        await page.WaitForURLAsync("**/index.html?*team=storefront*");
        await page.Locator("#summary", new() { HasText = "2 postmortems found" }).WaitForAsync();
        Assert.Equal(1, await page.Locator("[data-filter='team']").CountAsync());

        // the review's figures open what they count, under the same filter: the quarter's postmortems, a cluster, overdue items
        await page.GotoAsync(host.BaseUrl + "/review.html?quarter=2025Q3&team=storefront");
        await page.Locator("#review p.muted", new() { HasText = "1 postmortems" }).WaitForAsync();
        var overdue = await page.Locator("[data-drill='overdue action items']").GetAttributeAsync("href") ?? "";
        Assert.Contains("status=overdue", overdue, StringComparison.Ordinal);
        Assert.Contains("team=storefront", overdue, StringComparison.Ordinal);
        var cluster = page.Locator("#review a[data-factor]").First;
        var clusterHref = await cluster.GetAttributeAsync("href") ?? "";
        Assert.Contains("after=2025Q3", clusterHref, StringComparison.Ordinal);
        Assert.Contains("team=storefront", clusterHref, StringComparison.Ordinal);
        await page.Locator("[data-drill='postmortems']").ClickAsync();
        await page.WaitForURLAsync("**/index.html?*after=2025Q3*"); // the search page writes its state back in its own order
        foreach (var part in new[] { "after=2025Q3", "before=2025Q4", "team=storefront" }) Assert.Contains(part, page.Url, StringComparison.Ordinal);
        await page.Locator("#summary", new() { HasText = "1 postmortem found" }).WaitForAsync();
        Assert.Contains("Checkout errors when the load balancer certificate lapsed", await page.Locator("#results").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_incident_page_shows_each_thing_once()
    {
        if (Skipped()) return;
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync(host.BaseUrl + "/index.html?q=serializer");
        await page.GetByRole(AriaRole.Link, new() { Name = "Cart memory regression after a serializer upgrade" }).ClickAsync();
        await page.Locator("h1", new() { HasText = "Cart memory regression" }).WaitForAsync();
        await BrowserHost.ShotAsync(page, "incident-once");
        var text = await page.Locator("#incident").InnerTextAsync();

        int Count(string s) => (text.Length - text.Replace(s, "", StringComparison.Ordinal).Length) / s.Length;
        Assert.Equal(1, Count("The rollback took two minutes."));                 // as the lessons list only, not again as "- …" text
        Assert.Equal(1, Count("The canary did not watch memory."));
        Assert.Equal(1, Count("Tomás Ibarra"));                                   // in the fields, not again in "Introduction"
        Assert.Equal(0, Count("Authors:"));
        Assert.Equal(1, Count("This is a blameless postmortem."));                // the introduction's own words stay
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_release_gate_and_the_overdue_report_are_reachable_from_the_ui()
    {
        if (Skipped()) return;
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync(host.BaseUrl + "/trends.html");

        await page.GetByRole(AriaRole.Link, new() { Name = "Release gate" }).First.ClickAsync();
        await page.Locator("#service").FillAsync("checkout-api");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
        await page.Locator("#gate-verdict").WaitForAsync();
        await BrowserHost.ShotAsync(page, "gate");
        Assert.StartsWith("FAIL", await page.Locator("#gate-verdict").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("'Automate certificate rotation' (owner asmith) was due 2025-03-01", await page.Locator("#gate-reasons").InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("#service").FillAsync("chekout-api");                   // misspelt: a pass, but not a green one
        await page.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
        await page.Locator("#gate-verdict", new() { HasText = "PASS (unknown service)" }).WaitForAsync();
        Assert.Contains("warn", await page.Locator("#gate-verdict").GetAttributeAsync("class") ?? "", StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Link, new() { Name = "Action items" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the report" }).ClickAsync();
        await page.Locator("#report-preview:not([hidden])").WaitForAsync();
        await BrowserHost.ShotAsync(page, "report");
        var report = await page.Locator("#report-preview").InnerTextAsync();
        Assert.StartsWith("## Overdue action items", report, StringComparison.Ordinal);
        Assert.Contains("### jdoe · (no team)", report, StringComparison.Ordinal);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "CSV" }).ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Empty(errors);
    }
}
