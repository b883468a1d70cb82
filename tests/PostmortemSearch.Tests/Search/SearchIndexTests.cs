using PostmortemSearch.Core.Search;

namespace PostmortemSearch.Tests.Search;

public class SearchIndexTests
{
    private static SearchIndex NewIndex()
    {
        var index = new SearchIndex();
        index.Build(Some.Corpus());
        return index;
    }

    private static List<string> Ids(SearchIndex index, string query, bool includeRestricted = false) =>
        [.. index.Search(new SearchRequest { Query = query, Limit = 100, IncludeRestricted = includeRestricted }).Hits.Select(h => h.Id)];

    [Fact]
    public void Free_text_ranks_the_doc_matching_most_terms_first()
    {
        var ids = Ids(NewIndex(), "checkout latency deploy");
        Assert.Equal("pm-1", ids[0]);
    }

    [Fact]
    public void Synonyms_match_across_forms()
    {
        var index = NewIndex();
        Assert.Contains("pm-2", Ids(index, "out of memory"));
        Assert.Contains("pm-7", Ids(index, "OOM"));
        Assert.Contains("pm-5", Ids(index, "5xx"));
        Assert.Contains("pm-4", Ids(index, "db"));
        Assert.Contains("pm-3", Ids(index, "cert"));
    }

    [Fact]
    public void Phrase_requires_adjacent_words()
    {
        var index = NewIndex();
        Assert.Equal(["pm-1", "pm-8"], Ids(index, "\"connection pool\"").Order());
        Assert.Empty(Ids(index, "\"pool connection\""));
    }

    [Fact]
    public void Exclusions_remove_docs()
    {
        var index = NewIndex();
        Assert.Contains("pm-8", Ids(index, "connection pool"));
        Assert.DoesNotContain("pm-8", Ids(index, "connection pool -dns"));
        Assert.DoesNotContain("pm-1", Ids(index, "connection pool -\"config change\""));
    }

    [Fact]
    public void Prefix_expands_over_the_vocabulary()
    {
        var ids = Ids(NewIndex(), "replic*");
        Assert.Contains("pm-4", ids);
    }

    [Fact]
    public void Filters_narrow_results()
    {
        var index = NewIndex();
        Assert.Equal(["pm-2", "pm-3"], Ids(index, "severity:P1").Order());
        Assert.Equal(["pm-3"], Ids(index, "severity:sev1 after:2025"));
        Assert.Equal(["pm-2", "pm-4", "pm-7", "pm-8"], Ids(index, "before:2025").Order());
        Assert.Equal(["pm-5"], Ids(index, "service:api-gateway"));
        Assert.Equal(["pm-3"], Ids(index, "after:2025Q3"));
        var request = new SearchRequest { Query = "latency", Service = "checkout", Limit = 10 };
        Assert.Equal(["pm-1"], index.Search(request).Hits.Select(h => h.Id));
    }

    [Fact]
    public void Restricted_docs_are_invisible_in_hits_totals_and_facets_unless_included()
    {
        var index = NewIndex();
        var results = index.Search(new SearchRequest { Query = "checkout latency" });
        Assert.DoesNotContain(results.Hits, h => h.Id == "pm-6");
        Assert.Equal(results.Hits.Count, results.Total);
        var checkout = results.Facets.Service.Single(f => f.Value == "checkout");
        Assert.Equal(1, checkout.Count);
        var all = index.Search(new SearchRequest { Query = "checkout latency", IncludeRestricted = true });
        Assert.Contains(all.Hits, h => h.Id == "pm-6");
        Assert.Equal(2, all.Facets.Service.Single(f => f.Value == "checkout").Count);
        Assert.Empty(index.Similar("pm-6", 5));
    }

    [Fact]
    public void Facets_count_years_quarters_and_severities()
    {
        var results = NewIndex().Search(new SearchRequest { Query = "" });
        Assert.Equal(7, results.Total);
        Assert.Equal(3, results.Facets.Year.Single(f => f.Value == "2025").Count);
        Assert.Equal(1, results.Facets.Quarter.Single(f => f.Value == "2025Q3").Count);
        Assert.Equal(2, results.Facets.Severity.Single(f => f.Value == "SEV1").Count);
    }

    [Fact]
    public void Upsert_and_remove_work_without_rebuild()
    {
        var index = NewIndex();
        Assert.Contains("pm-4", Ids(index, "replication"));
        index.Upsert(Some.Postmortem("pm-4", "Database failover drill", "Planned failover went fine.", service: "orders"));
        Assert.DoesNotContain("pm-4", Ids(index, "replication"));
        Assert.Contains("pm-4", Ids(index, "failover drill"));
        Assert.Single(Ids(index, "failover drill"), "pm-4");
        Assert.True(index.Remove("pm-4"));
        Assert.DoesNotContain("pm-4", Ids(index, "failover drill"));
        Assert.False(index.Remove("pm-4"));
        Assert.Equal(7, index.Count);
        // many single upserts leave deleted copies in many segments; results stay right
        for (var i = 0; i < 40; i++) index.Upsert(Some.Postmortem($"new-{i % 7}", $"Kafka consumer lag {i}", "backlog grew", service: "kafka"));
        Assert.Equal(7 + 7, index.Count);
        Assert.Equal(7, Ids(index, "kafka").Count);
        Assert.Contains("pm-3", Ids(index, "certificate"));
    }

    [Fact]
    public void Snippet_marks_matched_words_escapes_html_and_names_the_section()
    {
        var index = new SearchIndex();
        index.Build([Some.Postmortem("x", "Checkout incident", "Nothing here <script>.", rootCause: "The <b>connection</b> pool was exhausted.",
            sections: [new PostmortemSearch.Core.Schema.Section("Root cause (5 whys)", "rootCauses", "The connection pool was exhausted.")])]);
        var hit = index.Search(new SearchRequest { Query = "pool exhausted" }).Hits.Single();
        Assert.Equal("Root cause (5 whys)", hit.Section);
        Assert.Contains("<mark>pool</mark>", hit.Snippet);
        Assert.Contains("<mark>exhausted</mark>", hit.Snippet);
        Assert.Contains("&lt;b&gt;", hit.Snippet);
    }

    [Fact]
    public void Facets_from_doc_values_match_counting_the_live_docs_after_updates_and_removals()
    {
        // Facets count doc values over segments with deletions (updates delete the old copy); a count over the live postmortems must agree.
        var index = NewIndex();
        var live = Some.Corpus().Where(p => !p.Restricted).ToDictionary(p => p.Id);
        for (var i = 0; i < 60; i++)
        {
            var p = Some.Postmortem($"grow-{i % 25}", $"Queue backlog {i}", "consumer lag", service: i % 3 == 0 ? "kafka" : "billing",
                severity: $"SEV{1 + i % 4}", year: 2020 + i % 5, month: 1 + i % 12);
            if (i % 4 == 0) p = p with { Services = ["kafka", "Billing", "billing"] }; // several services, one spelled twice
            index.Upsert(p);
            live[p.Id] = p;
        }
        Assert.True(index.Remove("pm-4"));
        live.Remove("pm-4");

        var facets = index.Search(new SearchRequest { Query = "", Limit = 1 }).Facets;
        var docs = live.Values.ToList();
        Assert.Equal(Counts(docs.SelectMany(p => p.Services.Distinct(StringComparer.OrdinalIgnoreCase)), StringComparer.OrdinalIgnoreCase), Counts(facets.Service));
        Assert.Equal(Counts(docs.Select(p => p.Severity!), StringComparer.Ordinal), Counts(facets.Severity));
        Assert.Equal(Counts(docs.Select(p => p.IncidentStart!.Value.Date.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)), StringComparer.Ordinal), Counts(facets.Year));
    }

    private static Dictionary<string, int> Counts(IEnumerable<string> values, StringComparer comparer) =>
        values.GroupBy(v => v, comparer).ToDictionary(g => g.Key.ToLowerInvariant(), g => g.Count());

    private static Dictionary<string, int> Counts(IEnumerable<FacetValue> values) => values.ToDictionary(v => v.Value.ToLowerInvariant(), v => v.Count);

    [Fact]
    public void Did_you_mean_suggests_indexed_words()
    {
        var results = NewIndex().Search(new SearchRequest { Query = "replicaton lag" });
        Assert.Equal("replication lag", results.DidYouMean);
        Assert.Null(NewIndex().Search(new SearchRequest { Query = "replication lag" }).DidYouMean);
    }

    [Fact]
    public void Similar_finds_neighbours_with_shared_terms()
    {
        var index = NewIndex();
        index.Upsert(Some.Postmortem("pm-9", "Payments OOMKilled again", "Payments pods OOMKilled after a memory leak.", rootCause: "Memory leak in tokenizer cache.", service: "payments"));
        var similar = index.Similar("pm-2", 3);
        Assert.Equal("pm-9", similar[0].Id);
        Assert.NotEmpty(similar[0].SharedTerms);
        Assert.DoesNotContain(similar, s => s.Id == "pm-2");
    }

    [Fact]
    public void Factors_filter_and_survive_reimport()
    {
        var index = NewIndex();
        index.SetFactors("pm-1", ["c7"]);
        Assert.Equal(["pm-1"], Ids(index, "factor:c7"));
        index.Upsert(Some.Postmortem("pm-1", "Checkout latency after deploy v2", "again"));
        Assert.Equal(["pm-1"], Ids(index, "factor:c7"));
    }
}
