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
        await File.WriteAllTextAsync(file, Docs.Postmortem("Uploaded from the browser", "upload-svc"));

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
}
