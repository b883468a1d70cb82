using System.Net;

namespace PostmortemSearch.Tests.Server;

public sealed class ActionItemsApiTests
{
    private const string Items = """
        - [ ] Rotate certificates automatically (owner: jdoe, due: 2025-04-01)
        - [x] Add an expiry alert (owner: asmith, due: 2025-03-20)
        - [ ] Write the runbook (owner: jdoe, due: 2025-09-01)
        """;

    [Theory]
    [InlineData(null, 3)]
    [InlineData("open", 2)]
    [InlineData("overdue", 1)]
    [InlineData("done", 1)]
    [InlineData("OVERDUE", 1)]
    public async Task Filters_by_status_with_overdue_from_the_clock(string? status, int expected)
    {
        using var host = new ApiHost(now: new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero));
        host.Import("a.md", Docs.Postmortem("Cert expiry", actionItems: Items));

        var url = status is null ? "/api/action-items" : $"/api/action-items?status={status}";
        var response = await host.Client().GetAsync(new Uri(url, UriKind.Relative));
        var json = await ApiHost.Json(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2025-06-01", json.GetProperty("today").GetString());
        Assert.Equal(expected, json.GetProperty("items").GetArrayLength());
        Assert.Equal((3, 2, 1, 1), (json.GetProperty("total").GetInt32(), json.GetProperty("open").GetInt32(), json.GetProperty("overdue").GetInt32(), json.GetProperty("done").GetInt32()));
    }

    [Fact]
    public async Task Overdue_items_name_their_postmortem()
    {
        using var host = new ApiHost(now: new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero));
        var id = host.Import("a.md", Docs.Postmortem("Cert expiry", actionItems: Items));

        var item = (await ApiHost.Json(await host.Client().GetAsync(new Uri("/api/action-items?status=overdue", UriKind.Relative)))).GetProperty("items")[0];

        Assert.Equal(id, item.GetProperty("postmortemId").GetString());
        Assert.Equal("Cert expiry", item.GetProperty("postmortemTitle").GetString());
        Assert.Equal("2025-04-01", item.GetProperty("due").GetString());
        Assert.Equal("open", item.GetProperty("status").GetString());
        Assert.True(item.GetProperty("overdue").GetBoolean());
    }
}
