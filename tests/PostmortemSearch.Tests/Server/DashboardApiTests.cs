using System.Net;
using System.Text.Json;
using PostmortemSearch.Tests.Cli;

namespace PostmortemSearch.Tests.Server;

/// <summary>Trends with a range and filters, the release gate, the action-item report and the audit log over HTTP.</summary>
public sealed class DashboardApiTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 12, 31, 9, 0, 0, TimeSpan.Zero);
    private readonly ApiHost _host = new(ApiHost.Keys, now: Now, settings: new Dictionary<string, string> { ["PMSEARCH_TICKET_URL"] = "https://jira.example.com/browse/{key}" });
    private readonly Dictionary<string, string> _ids = [];

    public DashboardApiTests()
    {
        foreach (var (name, markdown) in SurfaceDocs.Corpus) _ids[name] = _host.Import(name, markdown);
    }

    public void Dispose() => _host.Dispose();

    private async Task<(HttpStatusCode Status, JsonElement Json)> Get(string url, string key = "reader-key-1")
    {
        var response = await _host.Client(key).GetAsync(new Uri(url, UriKind.Relative));
        return (response.StatusCode, await ApiHost.Json(response));
    }

    private static List<string?> Periods(JsonElement trends) => [.. trends.GetProperty("periods").EnumerateArray().Select(p => p.GetProperty("period").GetString())];

    [Fact]
    public async Task Trends_default_to_the_span_of_the_data_not_to_an_outlier_from_1628()
    {
        var (status, json) = await Get("/api/trends?by=month");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("2025-06", Periods(json)[0]);
        Assert.Equal("2025-11", Periods(json)[^1]);                            // stops at the last month with data
        Assert.Equal(6, Periods(json).Count);
        Assert.Equal("2025-06-01", json.GetProperty("span").GetProperty("denseFrom").GetString());
        Assert.Equal("1628-08-10", json.GetProperty("span").GetProperty("dataFrom").GetString());
    }

    [Fact]
    public async Task Trends_from_to_and_filters_change_the_figures()
    {
        var all = (await Get("/api/trends?from=2025-01-01&to=2025-12-31")).Json;
        var payments = (await Get("/api/trends?from=2025-01-01&team=payments-team")).Json;
        var sev1 = (await Get("/api/trends?severity=S1")).Json;
        var q3 = (await Get("/api/trends?from=2025-07-01&to=2025-09-30")).Json;
        var q3ByName = (await Get("/api/trends?from=2025Q3&to=2025Q3")).Json;
        var typo = (await Get("/api/trends?team=paymnets-team")).Json;

        int Incidents(JsonElement j) => j.GetProperty("periods").EnumerateArray().Sum(p => p.GetProperty("incidents").GetProperty("n").GetInt32());
        Assert.Equal(3, Incidents(all));
        Assert.Equal(2, Incidents(payments));
        Assert.Equal(1, Incidents(sev1));
        Assert.Equal(["2025Q3"], Periods(q3));
        Assert.Equal(["2025Q3"], Periods(q3ByName));
        Assert.StartsWith("no incidents recorded for team 'paymnets-team'; check the name (known: ", typo.GetProperty("filterNote").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, all.GetProperty("filterNote").ValueKind);
        var p = all.GetProperty("periods")[3];                                   // 2025Q1..Q4 as asked; Q4: the checkout SEV1
        Assert.Equal(20, p.GetProperty("timeToDetectMinutes").GetProperty("median").GetDouble());
        Assert.Equal(1, p.GetProperty("timeToResolveMinutes").GetProperty("n").GetInt32());
    }

    [Theory]
    [InlineData("/api/trends?from=2025-13-01", "from")]
    [InlineData("/api/trends?to=yesterday", "to")]
    [InlineData("/api/trends?from=2025Q5", "from")]
    [InlineData("/api/trends?from=2025-06-01&to=2025-01-01", "from")]
    [InlineData("/api/trends?by=month&from=1600-01-01", "from")]               // 5,000 months: a 400, not 3 MB of JSON
    [InlineData("/api/trends?severity=SEV9", "severity")]
    [InlineData("/api/action-items?owner=" + "x", null)]
    [InlineData("/api/action-items/report?format=pdf", "format")]
    [InlineData("/api/gate", "service")]
    [InlineData("/api/gate?service=checkout-api&severities=urgent", "severities")]
    [InlineData("/api/gate?service=checkout-api&postmortemDays=-1", "postmortemDays")]
    [InlineData("/api/gate?service=checkout-api&strict=maybe", "strict")]
    [InlineData("/api/audit?limit=0", "limit")]
    public async Task Bad_dashboard_parameters_are_400s_naming_the_parameter(string url, string? parameter)
    {
        var (status, json) = await Get(url, "admin-key-1-2f8b9c0d7e");

        if (parameter is null)
        {
            Assert.Equal(HttpStatusCode.OK, status);
            return;
        }
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(json.GetProperty("errors").TryGetProperty(parameter, out _), json.ToString());
    }

    [Fact]
    public async Task Gate_fails_for_a_service_with_an_unfinished_sev1_and_passes_for_a_clean_one()
    {
        var (status, failing) = await Get("/api/gate?service=checkout-api");
        var passing = (await Get("/api/gate?service=payments-gateway")).Json;
        var relaxed = (await Get("/api/gate?service=checkout-api&postmortemDays=90&graceDays=60")).Json;

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(failing.GetProperty("pass").GetBoolean());
        Assert.Equal(2, failing.GetProperty("reasons").GetArrayLength());
        Assert.Equal(_ids["checkout-sev1.md"], failing.GetProperty("reasons")[0].GetProperty("postmortemId").GetString());
        Assert.True(passing.GetProperty("pass").GetBoolean());
        Assert.True(relaxed.GetProperty("pass").GetBoolean());
        var strict = (await Get("/api/gate?service=chekout-api&strict=true")).Json;
        Assert.False(strict.GetProperty("pass").GetBoolean());
        Assert.Equal("unknown-service", strict.GetProperty("reasons")[0].GetProperty("kind").GetString());
        Assert.True((await Get("/api/gate?service=chekout-api")).Json.GetProperty("pass").GetBoolean());
        // the answer names its thresholds as the request does
        Assert.Equal(90, relaxed.GetProperty("options").GetProperty("postmortemDays").GetInt32());
        Assert.Equal(60, relaxed.GetProperty("options").GetProperty("graceDays").GetInt32());
    }

    [Fact]
    public async Task Gate_thresholds_come_from_configuration()
    {
        using var host = new ApiHost(now: Now, settings: new Dictionary<string, string> { ["PMSEARCH_GATE_SEVERITIES"] = "SEV2", ["PMSEARCH_GATE_POSTMORTEM_DAYS"] = "30" });
        host.Import("c.md", SurfaceDocs.Corpus[0].Markdown);

        var json = await ApiHost.Json(await host.Client().GetAsync(new Uri("/api/gate?service=checkout-api", UriKind.Relative)));

        Assert.True(json.GetProperty("pass").GetBoolean());                      // the SEV1 is not gated
        Assert.Equal(["SEV2"], json.GetProperty("options").GetProperty("severities").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(30, json.GetProperty("options").GetProperty("postmortemDays").GetInt32());
    }

    [Fact]
    public async Task Action_items_filter_by_owner_status_and_team_and_link_tickets()
    {
        var jdoe = (await Get("/api/action-items?owner=JDOE")).Json;
        var overdueSearch = (await Get("/api/action-items?status=overdue&team=search-team")).Json;

        Assert.Equal(2, jdoe.GetProperty("items").GetArrayLength());
        Assert.All(jdoe.GetProperty("items").EnumerateArray(), i => Assert.Equal("jdoe", i.GetProperty("owner").GetString()));
        var item = Assert.Single(overdueSearch.GetProperty("items").EnumerateArray());
        Assert.Equal("OPS-301", item.GetProperty("ticket").GetString());
        Assert.Equal("https://jira.example.com/browse/OPS-301", item.GetProperty("ticketUrl").GetString());
    }

    [Fact]
    public async Task The_overdue_report_comes_as_json_markdown_and_csv()
    {
        var json = (await Get("/api/action-items/report?status=overdue")).Json;
        var byDefault = (await Get("/api/action-items/report")).Json;
        var typo = (await Get("/api/action-items/report?service=chekout-api&owner=jdo")).Json;
        var listTypo = (await Get("/api/action-items?team=paymnets-team")).Json;
        var md = await _host.Client("reader-key-1").GetAsync(new Uri("/api/action-items/report?format=md&status=overdue", UriKind.Relative));
        var csv = await _host.Client("reader-key-1").GetStringAsync(new Uri("/api/action-items/report?format=csv&status=open", UriKind.Relative));

        Assert.Equal("overdue", json.GetProperty("status").GetString());
        Assert.Equal("open", byDefault.GetProperty("status").GetString());              // as the CLI
        Assert.Equal(JsonValueKind.Null, json.GetProperty("filterNote").ValueKind);
        Assert.Equal("service chekout-api, owner jdo", typo.GetProperty("filter").GetString());
        Assert.Contains("no incidents recorded for service 'chekout-api'", typo.GetProperty("filterNote").GetString(), StringComparison.Ordinal);
        Assert.Contains("no action item is owned by 'jdo'; check the name (known: asmith, jdoe)", typo.GetProperty("filterNote").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("no incidents recorded for team 'paymnets-team'", listTypo.GetProperty("filterNote").GetString(), StringComparison.Ordinal);
        Assert.Equal(["jdoe", "jdoe"], json.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("owner").GetString()));
        Assert.Equal("text/markdown", md.Content.Headers.ContentType?.MediaType);
        Assert.Contains("[OPS-101](https://jira.example.com/browse/OPS-101)", await md.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(4, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);   // header + 3 open items
    }

    [Fact]
    public async Task Audit_is_for_admins_and_names_the_ids_each_import_and_delete_touched()
    {
        var reader = await _host.Client("reader-key-1").GetAsync(new Uri("/api/audit", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, (await _host.Client("admin-key-1-2f8b9c0d7e").DeleteAsync(new Uri($"/api/postmortems/{_ids["ancient.md"]}", UriKind.Relative))).StatusCode);

        var (status, json) = await Get("/api/audit", "admin-key-1-2f8b9c0d7e");

        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(5, json.GetArrayLength());                                   // 4 imports, 1 delete, newest first
        Assert.Equal("delete", json[0].GetProperty("action").GetString());
        Assert.Equal("boss", json[0].GetProperty("actor").GetString());
        Assert.Equal([_ids["ancient.md"]], json[0].GetProperty("postmortemIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([_ids["checkout-sev1.md"]], json[4].GetProperty("postmortemIds").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Similar_takes_limit_as_search_and_the_cli_do()
    {
        var (status, json) = await Get($"/api/postmortems/{_ids["checkout-sev1.md"]}/similar?limit=1");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, json.GetArrayLength());
    }

    [Fact]
    public async Task Reviews_take_the_dashboard_filters()
    {
        var all = (await Get("/api/reviews/2025Q3")).Json;
        var search = (await Get("/api/reviews/2025Q3?service=search-api")).Json;

        Assert.Equal(1, all.GetProperty("postmortemIds").GetArrayLength());
        Assert.Equal(0, search.GetProperty("postmortemIds").GetArrayLength());
        Assert.Equal("service search-api", search.GetProperty("filter").GetString());
        var csv = await _host.Client("reader-key-1").GetStringAsync(new Uri("/api/reviews/2025Q3.csv?service=search-api", UriKind.Relative));
        var md = await _host.Client("reader-key-1").GetStringAsync(new Uri("/api/reviews/2025Q3.md?service=search-api", UriKind.Relative));
        Assert.Contains("filter,,filter,service search-api,", csv, StringComparison.Ordinal);
        Assert.Contains("Filter: service search-api.", md, StringComparison.Ordinal);
        var whole = await _host.Client("reader-key-1").GetStringAsync(new Uri("/api/reviews/2025Q3.csv", UriKind.Relative));
        Assert.Matches(@"\r\nfigure,,recurrence rate,\d+%,2025Q3\r\n", whole);
        Assert.Matches(@"\r\nfigure,,""completeness, median"",\d+%,2025Q3\r\n", whole);
    }
}
