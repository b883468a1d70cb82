using Microsoft.Playwright;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Browser;

/// <summary>The factors page in Chromium: an SRE lead renames a cluster and moves a statement, and both survive a reload.</summary>
public sealed class FactorsPageTests(BrowserHost host, ITestOutputHelper output) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task A_cluster_is_renamed_and_a_statement_moved_on_the_factors_page_and_both_survive_a_reload()
    {
        if (host.SkipReason is not null) { output.WriteLine(host.SkipReason); return; }
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync(host.BaseUrl + "/factors.html");
        var cards = page.Locator("section.factor");
        await cards.First.WaitForAsync();
        Assert.True(await cards.CountAsync() >= 2);
        Assert.Contains("computed", await page.Locator("#factors-age").InnerTextAsync(), StringComparison.Ordinal);

        var first = cards.First;
        var id = await first.GetAttributeAsync("data-cluster");
        await first.Locator("input[name=label]").FillAsync("Certificates we forgot to renew");
        await first.GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
        await page.Locator("section.factor h2", new() { HasText = "Certificates we forgot to renew" }).WaitForAsync();

        // Move the first statement of the second cluster into the renamed one.
        var second = cards.Nth(1);
        var statement = (await second.Locator("li.statement label").First.InnerTextAsync()).Trim();
        await second.Locator("li.statement input[type=checkbox]").First.CheckAsync();
        await second.Locator("select").SelectOptionAsync(id!);
        await second.GetByRole(AriaRole.Button, new() { Name = "Move selected to" }).ClickAsync();
        await page.Locator("#notice", new() { HasText = "move" }).WaitForAsync();
        await BrowserHost.ShotAsync(page, "factors");

        await page.ReloadAsync();
        var renamed = page.Locator($"section.factor[data-cluster=\"{id}\"]");
        await renamed.WaitForAsync();
        Assert.Contains("Certificates we forgot to renew", await renamed.Locator("h2").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains(statement, await renamed.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await page.Locator("#curation-log tbody tr").CountAsync());
        Assert.Empty(errors);
    }
}
