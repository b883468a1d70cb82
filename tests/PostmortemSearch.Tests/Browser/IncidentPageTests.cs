using Microsoft.Playwright;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Browser;

/// <summary>The incident page in Chromium over a real Word sample: each thing shown once.</summary>
public sealed class IncidentPageTests(WordBrowserHost host, ITestOutputHelper output) : IClassFixture<WordBrowserHost>
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
}
