using Microsoft.Playwright;
using PostmortemSearch.Tests.Server;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Browser;

public sealed class WebUiTests(BrowserHost host, ITestOutputHelper output) : IClassFixture<BrowserHost>
{
    private bool Skipped()
    {
        if (host.SkipReason is null) return false;
        output.WriteLine(host.SkipReason);
        return true;
    }

    [Fact]
    public async Task Recent_postmortems_are_listed_and_an_incident_opens_with_its_action_items()
    {
        if (Skipped()) return;
        var (page, errors) = await host.NewPageAsync();

        await page.GotoAsync(host.BaseUrl + "/");
        await page.Locator("#results li").First.WaitForAsync();
        await BrowserHost.ShotAsync(page, "home");
        await page.GetByRole(AriaRole.Link, new() { Name = "Checkout errors when the load balancer certificate lapsed" }).ClickAsync();
        await page.Locator("h1", new() { HasText = "Checkout errors when the load balancer certificate lapsed" }).WaitForAsync();
        await page.Locator("#similar p, #similar ul").First.WaitForAsync();
        await BrowserHost.ShotAsync(page, "incident");

        Assert.Equal(1, await page.Locator("table >> text=Move certificates to the managed issuer").CountAsync());
        Assert.Equal("done", await page.Locator("td .status").First.InnerTextAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Uploading_a_file_on_the_import_page_shows_its_row()
    {
        if (Skipped()) return;
        var (page, errors) = await host.NewPageAsync();
        var file = Path.Combine(Path.GetTempPath(), $"pmsearch-upload-{Guid.NewGuid():N}.md");
        await File.WriteAllTextAsync(file, "# Uploaded from the browser\n\n## Summary\nThe upload queue stalled while a disk filled up.\n");

        await page.GotoAsync(host.BaseUrl + "/import.html");
        await page.GetByLabel("Files or zips to import").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        var row = page.Locator("#import-table tbody tr");
        await row.First.WaitForAsync();
        await BrowserHost.ShotAsync(page, "import");

        Assert.Equal(1, await row.CountAsync());
        Assert.Contains("imported", await row.First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Uploaded from the browser", await row.First.InnerTextAsync(), StringComparison.Ordinal);
        File.Delete(file);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Action_items_page_lists_overdue_items()
    {
        if (Skipped()) return;
        var (page, errors) = await host.NewPageAsync();

        await page.GotoAsync(host.BaseUrl + "/actions.html?status=overdue");
        await page.Locator("#action-table table").WaitForAsync();
        await BrowserHost.ShotAsync(page, "actions");

        Assert.True(await page.Locator("#action-table tbody tr").CountAsync() >= 2);
        Assert.Equal("overdue", await page.Locator("#action-table tbody .status").First.InnerTextAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_api_key_box_is_keyboard_usable_and_remembered()
    {
        if (Skipped()) return;
        var (page, _) = await host.NewPageAsync();

        await page.GotoAsync(host.BaseUrl + "/");
        await page.GetByLabel("API key").FocusAsync();
        await page.Keyboard.TypeAsync("my-test-key");
        await page.Keyboard.PressAsync("Enter");
        await page.ReloadAsync();

        Assert.Equal("my-test-key", await page.EvaluateAsync<string>("() => localStorage.getItem('pmsearch.apiKey')"));
        Assert.Equal("my-test-key", await page.GetByLabel("API key").InputValueAsync());
    }

    [Fact]
    public async Task Search_shows_highlighted_hits_and_opens_an_incident_with_similar_ones()
    {
        if (Skipped()) return;
        var (page, errors) = await host.NewPageAsync();

        await page.GotoAsync(host.BaseUrl + "/");
        await page.GetByLabel("Search postmortems by symptom, cause or fix").FillAsync("certificate expired");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#summary", new() { HasText = "found" }).WaitForAsync();
        await BrowserHost.ShotAsync(page, "search");

        Assert.Equal(3, await page.Locator("#results > li").CountAsync());
        Assert.True(await page.Locator("#results .snippet mark").CountAsync() > 0);
        Assert.True(await page.Locator("#results .snippet .section").CountAsync() > 0);
        await page.Locator("#results h3 a").First.ClickAsync();
        await page.Locator("#similar ul.results > li").First.WaitForAsync();
        await BrowserHost.ShotAsync(page, "incident-similar");
        Assert.True(await page.Locator("#similar .reasons li").CountAsync() > 0);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_slow_first_load_does_not_overwrite_the_search_typed_meanwhile()
    {
        if (Skipped()) return;
        var (page, errors) = await host.NewPageAsync();
        var released = new TaskCompletionSource();
        // The page's first request lists recent postmortems; hold it until the user's search has been answered.
        await page.RouteAsync("**/api/postmortems?*", async route =>
        {
            await released.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await route.ContinueAsync();
        });

        await page.GotoAsync(host.BaseUrl + "/");
        await page.GetByLabel("Search postmortems by symptom, cause or fix").FillAsync("certificate expired");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#summary", new() { HasText = "found" }).WaitForAsync();
        var recent = page.WaitForResponseAsync(r => r.Url.Contains("/api/postmortems?", StringComparison.Ordinal));
        released.SetResult();
        await recent;
        await page.EvaluateAsync("() => new Promise((resolve) => setTimeout(resolve, 200))");

        Assert.Contains("found", await page.Locator("#summary").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(3, await page.Locator("#results > li").CountAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_facet_narrows_the_results_and_can_be_removed()
    {
        if (Skipped()) return;
        var (page, errors) = await host.NewPageAsync();

        await page.GotoAsync(host.BaseUrl + "/?q=certificate");
        var facet = page.Locator("#facets button[data-facet='service'][data-value='payments-gateway']");
        await facet.WaitForAsync();
        await facet.ClickAsync();
        await page.Locator("#summary", new() { HasText = "1 postmortem found" }).WaitForAsync();
        await BrowserHost.ShotAsync(page, "facets");

        Assert.Equal("true", await page.Locator("#facets button[data-facet='service'][data-value='payments-gateway']").GetAttributeAsync("aria-pressed"));
        Assert.Contains("service=payments-gateway", page.Url, StringComparison.Ordinal);
        await page.Locator("#active-filters .chip").ClickAsync();
        await page.Locator("#summary", new() { HasText = "3 postmortems found" }).WaitForAsync();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_trends_dashboard_draws_every_chart_with_data()
    {
        if (Skipped()) return;
        var (page, errors) = await host.NewPageAsync();

        await page.GotoAsync(host.BaseUrl + "/trends.html");
        await page.Locator("body[data-charts-ready='true']").WaitForAsync();
        await BrowserHost.ShotAsync(page, "trends");

        foreach (var id in new[] { "recurrence", "duration", "ttp", "actions" })
        {
            // Bars drawn from the data (the recurrence chart's rate line aside): a chart of zeros and nulls is not "with data".
            var nonZero = await page.EvaluateAsync<int>($"() => Chart.getChart(document.getElementById('chart-{id}')).data.datasets" +
                ".filter(d => d.type !== 'line').flatMap(d => d.data).filter(v => typeof v === 'number' && v > 0).length");
            Assert.True(nonZero > 0, $"chart {id} has no non-zero bars");
            Assert.False(string.IsNullOrWhiteSpace(await page.Locator($"#n-{id}").InnerTextAsync()), $"chart {id} shows no n");
        }
        // Small-n periods are one summarised line (their bars are lighter), not a list of every period.
        Assert.Contains("with n < 5 (lighter bars)", await page.Locator("#warn-duration").InnerTextAsync(), StringComparison.Ordinal);
        // The series ends with the last quarter that has incidents, not with today's (empty quarters drew empty charts and warnings).
        Assert.Equal("2025Q3", await page.EvaluateAsync<string>("() => Chart.getChart(document.getElementById('chart-duration')).data.labels.at(-1)"));
        Assert.DoesNotContain("n=0", await page.Locator("#warn-duration").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_review_page_shows_a_quarter_with_download_links()
    {
        if (Skipped()) return;
        var (page, errors) = await host.NewPageAsync();

        await page.GotoAsync(host.BaseUrl + "/review.html?quarter=2025Q3");
        await page.Locator("h2", new() { HasText = "Review of 2025Q3" }).WaitForAsync();
        await BrowserHost.ShotAsync(page, "review");

        foreach (var format in new[] { "md", "html", "csv", "json" })
        {
            var href = await page.Locator($"a[data-download='{format}']").GetAttributeAsync("href");
            var response = await page.APIRequest.GetAsync(host.BaseUrl + href);
            Assert.True(response.Ok, $"{format}: {response.Status}");
        }
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_review_page_opens_on_the_latest_quarter_that_has_postmortems()
    {
        if (Skipped()) return;
        var (page, errors) = await host.NewPageAsync();

        await page.GotoAsync(host.BaseUrl + "/review.html");
        // The newest sample incidents are from 2025Q3; the calendar's previous quarter (2026 by now) has none.
        await page.Locator("h2", new() { HasText = "Review of 2025Q3" }).WaitForAsync();

        Assert.Contains("2 postmortems", await page.Locator("#review p.muted").First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("2025Q3", await page.GetByLabel("Quarter").InputValueAsync());
        Assert.Contains("Checkout errors when the load balancer certificate lapsed", await page.Locator("#review a[href^='incident.html']").AllInnerTextsAsync());
        Assert.Equal(["2025Q3", "2025Q2", "2025Q1"], await page.Locator("#quarters option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Keyboard_focus_stays_on_the_facet_chip_or_pager_control_after_pressing_it()
    {
        if (Skipped()) return;
        var (page, errors) = await host.NewPageAsync();
        const string ActiveFacet = "() => document.activeElement?.dataset?.facet + '=' + document.activeElement?.dataset?.value";

        await page.GotoAsync(host.BaseUrl + "/?q=certificate");
        var facet = page.Locator("#facets button[data-facet='service'][data-value='payments-gateway']");
        await facet.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#summary", new() { HasText = "1 postmortem found" }).WaitForAsync();
        Assert.Equal("service=payments-gateway", await page.EvaluateAsync<string>(ActiveFacet));

        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#summary", new() { HasText = "3 postmortems found" }).WaitForAsync();
        Assert.Equal("service=payments-gateway", await page.EvaluateAsync<string>(ActiveFacet));

        await page.GotoAsync(host.BaseUrl + "/?q=certificate&service=checkout-api&severity=SEV2");
        await page.Locator("#active-filters .chip[data-filter='service']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#active-filters .chip[data-filter='service']").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.Locator("#summary", new() { HasText = "found" }).WaitForAsync();
        Assert.Equal("severity", await page.EvaluateAsync<string>("() => document.activeElement?.dataset?.filter"));
        Assert.Empty(errors);
    }
}
