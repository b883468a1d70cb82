using PostmortemSearch.Core.Search;

namespace PostmortemSearch.Tests.Search;

/// <summary>Behaviour the move to Lucene fixed or added: no hits for nothing searchable, whole-token matching, limits, cancellation.</summary>
public sealed class LuceneSearchTests
{
    private static SearchIndex Index(params Core.Schema.Postmortem[] extra)
    {
        var index = new SearchIndex();
        index.Build([.. Some.Corpus(), .. extra]);
        return index;
    }

    private static SearchResults Search(SearchIndex index, string query) => index.Search(new SearchRequest { Query = query, Limit = 100 });

    [Theory]
    [InlineData("the")]         // a stop word only
    [InlineData("!!!")]         // no word at all
    [InlineData("🔥")]
    [InlineData("qqqzzz*")]     // a prefix nothing starts with
    [InlineData("\"the of\"")]
    public void A_query_with_no_searchable_word_has_no_hits(string query)
    {
        var results = Search(Index(), query);
        Assert.Equal(0, results.Total);
        Assert.Empty(results.Hits);
    }

    [Fact]
    public void An_empty_or_filter_only_query_lists_everything_newest_first()
    {
        var index = Index();
        Assert.Equal(7, Search(index, "").Total);
        var hits = Search(index, "service:checkout").Hits;
        Assert.Equal(["pm-1"], hits.Select(h => h.Id));
        var all = Search(index, "before:2030").Hits;
        Assert.Equal(all.OrderByDescending(h => h.IncidentStart?.Local).Select(h => h.Id), all.Select(h => h.Id));
    }

    [Fact]
    public void Dns_does_not_match_resolved()
    {
        var index = Index(Some.Postmortem("resolved", "Checkout incident", "Resolved at 14:05 by restarting the pods."));
        Assert.DoesNotContain("resolved", Search(index, "dns").Hits.Select(h => h.Id));
        Assert.Contains("pm-8", Search(index, "dns").Hits.Select(h => h.Id));
    }

    [Fact]
    public void A_5xx_word_does_not_mark_inside_a_number_and_db_not_inside_a_word()
    {
        var index = Index(Some.Postmortem("n", "Traffic incident", "About 7,500 requests failed with 502 errors; InnoDB buffer pool was full; the database was slow."));
        var hit = Search(index, "502").Hits.Single(h => h.Id == "n");
        Assert.Contains("<mark>502</mark>", hit.Snippet);
        Assert.DoesNotContain("<mark>7", hit.Snippet);
        var db = Search(index, "db").Hits.Single(h => h.Id == "n");
        Assert.Contains("<mark>database</mark>", db.Snippet);
        Assert.DoesNotContain("Inno<mark>", db.Snippet);
        Assert.DoesNotContain("<mark>InnoDB</mark>", db.Snippet);
    }

    [Fact]
    public void A_correctly_spelt_word_with_hits_gets_no_suggestion()
    {
        var index = Index(Some.Postmortem("k", "Kubelet restarts", "The kubelet restarted; k8s nodes were drained."));
        Assert.Null(Search(index, "kubernetes dns").DidYouMean); // kubernetes matches the k8s document through the vocabulary
        Assert.Equal("kubelet", Search(index, "kubelett").DidYouMean);
    }

    [Fact]
    public void The_words_of_a_phrase_count_towards_the_part_limit()
    {
        var phrase = "\"" + string.Join(' ', Enumerable.Range(0, 100).Select(i => "w" + i)) + "\"";
        var e = Assert.Throws<QueryException>(() => Search(Index(), phrase));
        Assert.Contains("64 parts", e.Message);
        Assert.Equal(0, Search(Index(), "\"" + string.Join(' ', Enumerable.Range(0, 60).Select(i => "w" + i)) + "\"").Total);
    }

    [Fact]
    public void A_cancelled_request_stops_and_a_query_over_its_budget_is_a_clear_error()
    {
        var index = Index();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => index.Search(new SearchRequest { Query = "checkout" }, cancelled.Token));
        var strict = new SearchIndex(SearchIndexOptions.Default with { TimeBudget = TimeSpan.Zero });
        strict.Build(Some.Corpus());
        var e = Assert.Throws<QueryException>(() => strict.Search(new SearchRequest { Query = "checkout" }));
        Assert.Contains("budget", e.Message);
    }

    [Fact]
    public void Multi_word_vocabulary_matches_both_ways()
    {
        var index = Index();
        Assert.Contains("pm-2", Search(index, "out of memory").Hits.Select(h => h.Id)); // OOMKilled
        Assert.Contains("pm-7", Search(index, "oom").Hits.Select(h => h.Id));           // "ran out of memory"
        Assert.Contains("pm-5", Search(index, "lb").Hits.Select(h => h.Id));            // "load balancer"
    }
}
