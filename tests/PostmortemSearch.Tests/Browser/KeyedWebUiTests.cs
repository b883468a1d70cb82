using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Browser;

/// <summary>The web UI against a host with API keys configured: the key box, search, downloads and errors.</summary>
public sealed class KeyedWebUiTests(KeyedBrowserHost host, ITestOutputHelper output) : IClassFixture<KeyedBrowserHost>
{
    private const string ReaderKey = "reader-key-1";

    private bool Skipped()
    {
        if (host.SkipReason is null) return false;
        output.WriteLine(host.SkipReason);
        return true;
    }

    private async Task<IPage> PageWithKeyAsync()
    {
        var (page, _) = await host.NewPageAsync();
        await page.Context.AddInitScriptAsync($"localStorage.setItem('pmsearch.apiKey', '{ReaderKey}')");
        return page;
    }

    [Fact]
    public async Task Saving_the_api_key_loads_the_data_without_a_refresh_and_search_works()
    {
        if (Skipped()) return;
        var (page, errors) = await host.NewPageAsync();

        await page.GotoAsync(host.BaseUrl + "/");
        await page.Locator("#errors", new() { HasText = "API key" }).WaitForAsync();
        Assert.Contains(errors, e => e.StartsWith("HTTP 401", StringComparison.Ordinal));
        errors.Clear();
        await page.GetByLabel("API key").FillAsync(ReaderKey);
        await page.GetByLabel("API key").PressAsync("Enter");
        await page.Locator("#summary", new() { HasText = "postmortems stored" }).WaitForAsync();
        Assert.Equal("", (await page.Locator("#errors").InnerTextAsync()).Trim());

        await page.GetByLabel("Search postmortems by symptom, cause or fix").FillAsync("certificate expired");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#summary", new() { HasText = "found" }).WaitForAsync();
        await BrowserHost.ShotAsync(page, "keyed-search");

        Assert.Equal(3, await page.Locator("#results > li").CountAsync());
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("md")]
    [InlineData("html")]
    [InlineData("csv")]
    [InlineData("json")]
    public async Task Review_downloads_send_the_api_key(string format)
    {
        if (Skipped()) return;
        var page = await PageWithKeyAsync();

        await page.GotoAsync(host.BaseUrl + "/review.html?quarter=2025Q3");
        await page.Locator("h2", new() { HasText = "Review of 2025Q3" }).WaitForAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator($"a[data-download='{format}']").ClickAsync());
        var text = await File.ReadAllTextAsync(await download.PathAsync());

        Assert.Equal($"review-2025Q3.{format}", download.SuggestedFilename);
        Assert.DoesNotContain("Unauthorized", text, StringComparison.Ordinal);
        Assert.Contains("2025Q3", text, StringComparison.Ordinal);
        Assert.Equal("", (await page.Locator("#errors").InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task Without_a_key_the_incident_page_says_why_instead_of_not_found()
    {
        if (Skipped()) return;
        var (page, _) = await host.NewPageAsync();
        var list = await page.APIRequest.GetAsync(host.BaseUrl + "/api/postmortems", new() { Headers = new Dictionary<string, string> { ["X-Api-Key"] = ReaderKey } });
        var id = JsonDocument.Parse(await list.TextAsync()).RootElement.GetProperty("items")[0].GetProperty("id").GetString();

        await page.GotoAsync(host.BaseUrl + $"/incident.html?id={id}");
        await page.Locator("#errors", new() { HasText = "Unauthorized" }).WaitForAsync();

        Assert.Equal("Could not load the incident", await page.Locator("#incident h1").InnerTextAsync());
        Assert.Contains("API key", await page.Locator("#errors").InnerTextAsync(), StringComparison.Ordinal);
    }
}
