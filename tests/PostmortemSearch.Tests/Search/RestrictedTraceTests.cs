using PostmortemSearch.Core.Search;

namespace PostmortemSearch.Tests.Search;

/// <summary>
/// Restricted postmortems leave no trace for a caller without the scope: not in hits, totals and facets (SearchIndexTests),
/// nor in prefix expansion, did-you-mean, or the statistics that shape scores. The check: every public answer from an
/// index holding restricted postmortems equals the answer from an index without them.
/// </summary>
public sealed class RestrictedTraceTests
{
    private static readonly Core.Schema.Postmortem[] Secrets =
    [
        Some.Postmortem("s-1", "Zeppelin vendor breach", "The zeppelinhub vendor leaked checkout latency data; connection pool exhausted.",
            rootCause: "Vendor credentials reused.", restricted: true),
        Some.Postmortem("s-2", "Checkout latency from the zeppelinhub vendor", "Checkout latency again; the connection pool.", restricted: true),
    ];

    private static SearchIndex Public()
    {
        var index = new SearchIndex();
        index.Build(Some.Corpus().Where(p => !p.Restricted));
        return index;
    }

    private static SearchIndex WithSecrets()
    {
        var index = new SearchIndex();
        index.Build([.. Some.Corpus().Where(p => !p.Restricted), .. Secrets]);
        return index;
    }

    private static string Answer(SearchIndex index, string query, bool includeRestricted = false)
    {
        var r = index.Search(new SearchRequest { Query = query, Limit = 100, IncludeRestricted = includeRestricted });
        return $"{r.Total} [{string.Join(", ", r.Hits.Select(h => $"{h.Id}:{h.Score}:{h.Snippet}"))}] dym={r.DidYouMean} " +
               string.Join(";", r.Facets.Service.Select(f => $"{f.Value}={f.Count}"));
    }

    [Theory]
    [InlineData("checkout latency")]        // words the secrets share: document frequencies must not change the scores
    [InlineData("connection pool")]
    [InlineData("\"connection pool\"")]
    [InlineData("zeppelin*")]                // a prefix only the secrets start: no expansion, no hits
    [InlineData("zep*")]
    [InlineData("vendor*")]
    [InlineData("zeppelinhub")]              // a word only the secrets hold
    [InlineData("zeppelinhib")]              // misspelt: no suggestion of a restricted word
    [InlineData("credentails leak")]
    [InlineData("")]
    public void A_public_answer_is_the_same_with_or_without_restricted_postmortems(string query) =>
        Assert.Equal(Answer(Public(), query), Answer(WithSecrets(), query));

    [Fact]
    public void A_caller_with_the_scope_sees_the_restricted_words()
    {
        var index = WithSecrets();
        Assert.Equal(2, index.Search(new SearchRequest { Query = "zeppelin*", IncludeRestricted = true }).Total);
        Assert.Equal("zeppelinhub", index.Search(new SearchRequest { Query = "zeppelinhib", IncludeRestricted = true }).DidYouMean);
        Assert.Equal(0, index.Search(new SearchRequest { Query = "zeppelin*" }).Total);
    }

    [Fact]
    public void A_postmortem_that_becomes_restricted_leaves_no_trace_in_public_statistics()
    {
        var index = Public();
        index.Upsert(Some.Postmortem("moving", "Checkout latency zeppelinhub", "connection pool zeppelinhub"));
        Assert.Equal(1, index.Search(new SearchRequest { Query = "zeppelin*" }).Total);
        index.Upsert(Some.Postmortem("moving", "Checkout latency zeppelinhub", "connection pool zeppelinhub", restricted: true));
        Assert.Equal(Answer(Public(), "checkout latency"), Answer(index, "checkout latency"));
        Assert.Equal(Answer(Public(), "zeppelin*"), Answer(index, "zeppelin*"));
        Assert.Equal(Answer(Public(), "zeppelinhib"), Answer(index, "zeppelinhib"));
    }

    [Fact]
    public void Similar_never_reaches_a_restricted_postmortem_without_the_scope()
    {
        var index = WithSecrets();
        Assert.Empty(index.Similar("s-1", 5));
        Assert.DoesNotContain(index.Similar("pm-1", 10), h => h.Id.StartsWith("s-", StringComparison.Ordinal));
        Assert.Contains(index.Similar("pm-1", 10, includeRestricted: true), h => h.Id.StartsWith("s-", StringComparison.Ordinal));
    }
}
