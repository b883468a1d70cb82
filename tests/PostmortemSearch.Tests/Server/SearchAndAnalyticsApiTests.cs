using System.Net;
using System.Text.Json;

namespace PostmortemSearch.Tests.Server;

public sealed class SearchAndAnalyticsApiTests
{
    private static readonly DateTimeOffset Now = new(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<JsonElement> Get(HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await ApiHost.Json(response);
    }

    private static async Task<string> Text(HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Search_returns_hits_with_highlighted_snippets_and_facets()
    {
        using var host = new ApiHost();
        var id = host.Import("a.md", Docs.Postmortem("Checkout 502s after certificate expiry", date: "2025-02-03"));
        host.Import("b.md", Docs.Postmortem("Payments certificate lapsed", service: "payments-gateway", date: "2025-05-06"));

        var json = await Get(host.Client(), "/api/search?q=certificate&service=checkout-api");

        Assert.Equal(1, json.GetProperty("total").GetInt32());
        var hit = json.GetProperty("hits")[0];
        Assert.Equal(id, hit.GetProperty("id").GetString());
        Assert.Contains("<mark>", hit.GetProperty("snippet").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(hit.GetProperty("section").GetString()));
        Assert.Equal("checkout-api", json.GetProperty("facets").GetProperty("service")[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task Search_filters_by_team_in_the_query_and_as_a_parameter_as_the_dashboards_do()
    {
        using var host = new ApiHost();
        var storefront = host.Import("a.md", Docs.Postmortem("Checkout 502s after certificate expiry", team: "Storefront"));
        host.Import("b.md", Docs.Postmortem("Payments certificate lapsed", service: "payments-gateway", team: "payments"));
        host.Import("c.md", Docs.Postmortem("Orders certificate expired", service: "orders-api"));
        var client = host.Client();

        static List<string> Ids(JsonElement json) => [.. json.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()!)];
        Assert.Equal(3, (await Get(client, "/api/search?q=certificate")).GetProperty("total").GetInt32());
        Assert.Equal([storefront], Ids(await Get(client, "/api/search?q=certificate+team:storefront")));
        Assert.Equal([storefront], Ids(await Get(client, "/api/search?q=certificate&team=STOREFRONT")));
        Assert.Equal([storefront], Ids(await Get(client, "/api/search?team=storefront"))); // a filter alone, as a chart click sends it
        Assert.Equal(0, (await Get(client, "/api/search?q=certificate&team=storefront&service=payments-gateway")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await Get(client, "/api/search?q=certificate&team=nobody")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Search_suggests_a_spelling()
    {
        using var host = new ApiHost();
        host.Import("a.md", Docs.Postmortem("Checkout 502s after certificate expiry"));

        var json = await Get(host.Client(), "/api/search?q=certifcate");

        Assert.Equal("certificate", json.GetProperty("didYouMean").GetString());
    }

    [Theory]
    [InlineData("/api/search?q=x&limit=0", "limit")]
    [InlineData("/api/search?q=x&limit=101", "limit")]
    [InlineData("/api/search?q=x&offset=-5", "offset")]
    [InlineData("/api/search?q=x&after=notadate", "after")]   // was reported under q
    [InlineData("/api/search?q=x&before=2025-13", "before")]
    [InlineData("/api/search?q=x&severity=SEV9", "severity")]
    [InlineData("/api/search?q=service:", "q")]
    [InlineData("/api/postmortems/pm-1/similar?limit=0", "limit")]
    [InlineData("/api/postmortems/pm-1/similar?k=3", "k")]
    [InlineData("/api/trends?by=week", "by")]
    [InlineData("/api/reviews/2025Q5", "quarter")]
    [InlineData("/api/reviews/25Q1", "quarter")]
    [InlineData("/api/reviews/2025Q1.exe", "format")]
    public async Task Bad_input_is_a_400_problem(string url, string parameter)
    {
        using var host = new ApiHost();
        host.Import("a.md", Docs.Postmortem("Checkout 502s"));

        var response = await host.Client().GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await ApiHost.Json(response)).GetProperty("errors").TryGetProperty(parameter, out _), parameter);
    }

    [Theory]
    [InlineData("\"unbalanced quote")]
    [InlineData("') OR 1=1; DROP TABLE postmortems; --")]
    [InlineData("NEAR(a b) AND title:* ^ {x}")]
    [InlineData("<script>alert(1)</script>")]
    public async Task Hostile_queries_answer_200_or_400_never_500(string q)
    {
        using var host = new ApiHost();
        host.Import("a.md", Docs.Postmortem("Checkout 502s"));

        var response = await host.Client().GetAsync(new Uri("/api/search?q=" + Uri.EscapeDataString(q), UriKind.Relative));

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, response.StatusCode.ToString());
    }

    [Fact]
    public async Task The_query_limit_is_4096_characters_in_the_api_and_the_search_box()
    {
        using var host = new ApiHost();
        var client = host.Client();

        var atLimit = await client.GetAsync(new Uri("/api/search?q=" + new string('a', 4096), UriKind.Relative));
        var overLimit = await client.GetAsync(new Uri("/api/search?q=" + new string('a', 4097), UriKind.Relative));
        var page = await client.GetStringAsync(new Uri("/index.html", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, overLimit.StatusCode);
        Assert.Contains("4096", await overLimit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("maxlength=\"4096\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_10_kB_query_is_a_400()
    {
        using var host = new ApiHost();

        var response = await host.Client().GetAsync(new Uri("/api/search?q=" + new string('a', 10_000), UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Similar_names_shared_terms_and_unknown_ids_are_404()
    {
        using var host = new ApiHost();
        var a = host.Import("a.md", Docs.Postmortem("Checkout 502s after certificate expiry"));
        var b = host.Import("b.md", Docs.Postmortem("Payments certificate lapsed", service: "payments-gateway"));

        var similar = await Get(host.Client(), $"/api/postmortems/{a}/similar");
        var missing = await host.Client().GetAsync(new Uri("/api/postmortems/pm-000000000000/similar", UriKind.Relative));

        Assert.Equal(b, similar[0].GetProperty("id").GetString());
        Assert.True(similar[0].GetProperty("sharedTerms").GetArrayLength() > 0);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static string WithTimeline(string title, string summary) => $"""
        # {title}

        ## Summary
        {summary}

        ## Timeline
        - 2025-03-04 07:05 UTC {title}
        - 2025-03-04 08:15 UTC {summary}
        """;

    [Fact]
    public async Task Clock_times_alone_do_not_make_incidents_similar()
    {
        using var host = new ApiHost();
        var a = host.Import("a.md", WithTimeline("Checkout certificate expired", "The checkout TLS certificate expired on the load balancer."));
        var b = host.Import("b.md", WithTimeline("Search index rebuild stalled", "The nightly search reindex job stalled on a full disk."));
        var c = host.Import("c.md", WithTimeline("Payments certificate expired", "The payments TLS certificate expired on the gateway."));

        var similar = (await Get(host.Client(), $"/api/postmortems/{a}/similar")).EnumerateArray().ToList();

        Assert.Contains(similar, h => h.GetProperty("id").GetString() == c);
        Assert.DoesNotContain(similar, h => h.GetProperty("id").GetString() == b);
        Assert.All(similar.SelectMany(h => h.GetProperty("sharedTerms").EnumerateArray()), t => Assert.False(t.GetString()!.All(char.IsAsciiDigit), t.GetString()));
    }

    [Fact]
    public async Task Similar_names_shared_factor_clusters_by_their_labels()
    {
        using var host = new ApiHost();
        var a = host.Import("a.md", Docs.Postmortem("Checkout 502s after certificate expiry"));
        var b = host.Import("b.md", Docs.Postmortem("Payments certificate lapsed", service: "payments-gateway"));

        var hit = (await Get(host.Client(), $"/api/postmortems/{a}/similar")).EnumerateArray().Single(h => h.GetProperty("id").GetString() == b);
        var clusters = (await Get(host.Client(), "/api/factors")).GetProperty("clusters").EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("label").GetString());

        var ids = hit.GetProperty("sharedFactors").EnumerateArray().Select(f => f.GetString()!).ToList();
        var labels = hit.GetProperty("sharedFactorLabels").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.NotEmpty(ids);
        Assert.Equal(ids.Select(id => clusters[id]), labels);
        Assert.All(labels, label => Assert.DoesNotMatch("^c-[0-9a-f]{8}$", label!));
    }

    [Fact]
    public async Task Factors_trends_and_reviews_answer_for_a_quarter()
    {
        using var host = new ApiHost(now: Now);
        host.Import("a.md", Docs.Postmortem("Checkout 502s after certificate expiry", date: "2025-02-03"));
        host.Import("b.md", Docs.Postmortem("Payments certificate lapsed", service: "payments-gateway", date: "2025-05-06"));
        var client = host.Client();

        var factors = await Get(client, "/api/factors");
        var trends = await Get(client, "/api/trends?by=quarter");
        var monthly = await Get(client, "/api/trends?by=month");
        var review = await Get(client, "/api/reviews/2025Q2");
        var lower = await Get(client, "/api/reviews/2025-q2.json");

        Assert.True(factors.GetProperty("clusters").GetArrayLength() > 0);
        Assert.Equal(["2025Q1", "2025Q2"], trends.GetProperty("periods").EnumerateArray().Select(p => p.GetProperty("period").GetString()).Take(2));
        Assert.Equal("2025-02", monthly.GetProperty("periods")[0].GetProperty("period").GetString());
        Assert.True(trends.GetProperty("clusters").GetArrayLength() > 0);
        Assert.Equal("2025Q2", review.GetProperty("quarter").GetString());
        Assert.Equal(1, review.GetProperty("postmortemIds").GetArrayLength());
        Assert.Equal("2025Q1", review.GetProperty("previousQuarter").GetProperty("quarter").GetString());
        Assert.Equal("2025Q2", lower.GetProperty("quarter").GetString());
    }

    [Theory]
    [InlineData("md", "text/markdown", "# ")]
    [InlineData("html", "text/html", "<")]
    [InlineData("csv", "text/csv", ",")]
    public async Task Review_downloads_come_in_each_format(string extension, string mediaType, string contains)
    {
        using var host = new ApiHost(now: Now);
        host.Import("a.md", Docs.Postmortem("Checkout 502s after certificate expiry", date: "2025-05-06"));

        var response = await host.Client().GetAsync(new Uri($"/api/reviews/2025Q2.{extension}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(contains, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restricted_postmortems_never_reach_search_similar_or_analytics_without_the_scope()
    {
        using var host = new ApiHost(ApiHost.Keys, now: Now);
        var open = host.Import("open.md", Docs.Postmortem("Checkout 502s after certificate expiry", date: "2025-05-06"));
        var secret = host.Import("secret.md", Docs.Postmortem("Vault outage after certificate expiry", service: "vault", restricted: true, date: "2025-05-20"));
        var reader = host.Client("reader-key-1");

        var search = await Get(reader, "/api/search?q=certificate");
        Assert.Equal(1, search.GetProperty("total").GetInt32());
        Assert.DoesNotContain(secret, search.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("vault", search.GetProperty("facets").GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, (await Get(reader, "/api/search?q=vault")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await Get(reader, "/api/search?service=vault")).GetProperty("total").GetInt32());
        // "vault" occurs only in the restricted postmortem: a misspelling of it must not reveal it through "did you mean".
        var misspelt = await Get(reader, "/api/search?q=vaukt");
        Assert.Equal(0, misspelt.GetProperty("total").GetInt32());
        Assert.DoesNotContain("vault", misspelt.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(JsonValueKind.Null, misspelt.GetProperty("didYouMean").ValueKind);
        // The word itself is unknown to the reader, so it gets a suggestion from visible words or none, never a sign that it exists.
        Assert.DoesNotContain("vault", (await Get(reader, "/api/search?q=vault+certificat")).GetProperty("facets").GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(secret, (await Get(reader, $"/api/postmortems/{open}/similar")).GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync(new Uri($"/api/postmortems/{secret}/similar", UriKind.Relative))).StatusCode);
        Assert.DoesNotContain(secret, (await Get(reader, "/api/factors")).GetRawText(), StringComparison.Ordinal);
        var trends = await Get(reader, "/api/trends");
        Assert.Equal(1, trends.GetProperty("periods").EnumerateArray().Sum(p => p.GetProperty("incidents").GetProperty("n").GetInt32()));
        Assert.DoesNotContain(secret, trends.GetRawText(), StringComparison.Ordinal);
        var review = await Get(reader, "/api/reviews/2025Q2");
        Assert.Equal([open], review.GetProperty("postmortemIds").EnumerateArray().Select(i => i.GetString()));
        foreach (var format in new[] { "md", "html", "csv" })
        {
            var text = await Text(reader, $"/api/reviews/2025Q2.{format}");
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("Vault outage", text, StringComparison.Ordinal);
        }

        var scoped = host.Client("reader-key-2");
        Assert.Equal(2, (await Get(scoped, "/api/search?q=certificate")).GetProperty("total").GetInt32());
        Assert.Equal("vault", (await Get(scoped, "/api/search?q=vaukt")).GetProperty("didYouMean").GetString());
        Assert.Contains(secret, (await Get(scoped, $"/api/postmortems/{open}/similar")).GetRawText(), StringComparison.Ordinal);
        Assert.Equal(2, (await Get(scoped, "/api/reviews/2025Q2")).GetProperty("postmortemIds").GetArrayLength());
    }
}
