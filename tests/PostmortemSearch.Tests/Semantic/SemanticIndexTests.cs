using PostmortemSearch.Core;
using PostmortemSearch.Core.Search;
using PostmortemSearch.Core.Semantic;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Semantic;

/// <summary>Vectors in the store and the catch-up from the change log, with a word-hash fake (the model is not the point here).</summary>
public sealed class SemanticIndexTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private PostmortemCatalog Open(IEmbedder embedder) =>
        new(PostmortemStore.Open(_dir.File("store.db")), FixedTime.At(2025, 6, 1), semantic: SemanticOptions.For(embedder));

    private static Core.Schema.Postmortem Doc(string id, string title, string cause, bool restricted = false) =>
        Some.Postmortem(id, title) with { RootCauses = [cause], Restricted = restricted, Source = Some.Postmortem(id).Source with { ContentHash = id + title + cause } };

    [Fact]
    public void Catch_up_embeds_every_saved_postmortem_once_and_then_has_nothing_to_do()
    {
        var fake = new WordHashEmbedder();
        using var catalog = Open(fake);
        catalog.Save([Doc("a", "Certificate expired", "auto renewal disabled"), Doc("b", "Database failover", "replication lag")], "t");

        Assert.True(catalog.Semantic!.Behind);
        Assert.Equal(2, catalog.Semantic.CatchUp());
        Assert.False(catalog.Semantic.Behind);
        int embedded = fake.Embedded;
        Assert.Equal(0, catalog.Semantic.CatchUp());
        Assert.Equal(embedded, fake.Embedded);
        Assert.Equal(new SemanticStatus("hybrid", "word-hash", 2, 2, Complete: true), catalog.Semantic.Status(includeRestricted: true));
    }

    [Fact]
    public void A_changed_postmortem_is_re_embedded_and_a_deleted_one_leaves_the_dense_index()
    {
        using var catalog = Open(new WordHashEmbedder());
        catalog.Save([Doc("a", "Certificate expired", "auto renewal disabled"), Doc("b", "Database failover", "replication lag")], "t");
        catalog.Semantic!.CatchUp();

        catalog.Save([Doc("a", "Certificate expired", "the queue consumer crashed")], "t");
        Assert.True(catalog.Delete("b", "t"));
        Assert.Equal(1, catalog.Semantic.CatchUp());

        Assert.False(catalog.Semantic.Dense.Contains("b"));
        var hit = Assert.Single(catalog.Semantic.Dense.Search(new WordHashEmbedder().Embed(["queue consumer crashed"])[0], 5, includeRestricted: true, minScore: 0.3f));
        Assert.Equal("a", hit.Id);
    }

    [Fact]
    public void A_new_process_resumes_from_the_stored_progress_and_reuses_vectors_another_process_wrote()
    {
        using (var first = Open(new WordHashEmbedder()))
        {
            first.Save([Doc("a", "Certificate expired", "auto renewal disabled")], "t");
            first.Semantic!.CatchUp();
            first.Save([Doc("b", "Database failover", "replication lag")], "t"); // saved, not embedded: the "crash"
        }
        var fake = new WordHashEmbedder();
        using var second = Open(fake);
        Assert.True(second.Semantic!.Behind);
        Assert.Equal(1, second.Semantic.CatchUp());
        Assert.Equal(2, second.Semantic.Dense.Count);
        // b's passages only: a's vectors were read from the store
        Assert.Equal(Passages.Split(Doc("b", "Database failover", "replication lag"), fake).Count, fake.Embedded);
    }

    [Fact]
    public void A_model_change_re_embeds_everything_and_never_reads_the_old_vectors()
    {
        using (var v1 = Open(new WordHashEmbedder(version: "1")))
        {
            v1.Save([Doc("a", "Certificate expired", "auto renewal disabled"), Doc("b", "Database failover", "replication lag")], "t");
            v1.Semantic!.CatchUp();
        }
        using var v2 = Open(new WordHashEmbedder(version: "2"));
        v2.Semantic!.EnsureLoaded();
        Assert.Equal(0, v2.Semantic.Dense.Count);
        Assert.True(v2.Semantic.Behind);
        Assert.Equal(2, v2.Semantic.CatchUp());
    }

    [Fact]
    public void Restricted_postmortems_are_never_scored_for_callers_without_the_scope()
    {
        using var catalog = Open(new WordHashEmbedder());
        catalog.Save([Doc("open", "Queue backlog", "consumer crashed"), Doc("secret", "Certificate expired", "auto renewal disabled", restricted: true)], "t");
        catalog.Semantic!.CatchUp();
        var query = new WordHashEmbedder().Embed(["certificate expired auto renewal disabled"])[0];

        Assert.DoesNotContain(catalog.Semantic.Dense.Search(query, 10, includeRestricted: false), h => h.Id == "secret");
        Assert.Contains(catalog.Semantic.Dense.Search(query, 10, includeRestricted: true), h => h.Id == "secret");
        Assert.Equal(1, catalog.Semantic.Status(includeRestricted: false).Postmortems);
        Assert.Equal(1, catalog.Semantic.Status(includeRestricted: false).Embedded);
    }

    [Fact]
    public void Search_says_how_far_embedding_is_and_answers_lexically_before_anything_is_embedded()
    {
        using var catalog = Open(new WordHashEmbedder());
        catalog.Save([Doc("a", "Certificate expired", "auto renewal disabled")], "t");

        var before = catalog.Search(new SearchRequest { Query = "certificate" }, Caller.Cli);
        Assert.Equal("lexical", before.Semantic!.Mode);
        Assert.False(before.Semantic.Complete);
        Assert.Equal(0, before.Semantic.Embedded);
        Assert.Equal("a", Assert.Single(before.Hits).Id);

        catalog.Semantic!.CatchUp();
        var after = catalog.Search(new SearchRequest { Query = "certificate" }, Caller.Cli);
        Assert.Equal("hybrid", after.Semantic!.Mode);
        Assert.True(after.Semantic.Complete);
    }

    [Theory]
    [InlineData("\"certificate expired\"", "exact phrase or prefix")]
    [InlineData("certif*", "exact phrase or prefix")]
    [InlineData("OPS-1234", "ticket key or id")]
    [InlineData("pm-3fa2b1c0d9e8", "ticket key or id")]
    [InlineData("severity:SEV1", "no free text")]
    [InlineData("certificate -database", "exclusions")]
    public void Exact_queries_stay_lexical(string query, string reason)
    {
        using var catalog = Open(new WordHashEmbedder());
        catalog.Save([Doc("a", "Certificate expired", "auto renewal disabled")], "t");
        catalog.Semantic!.CatchUp();

        var results = catalog.Search(new SearchRequest { Query = query }, Caller.Cli);
        Assert.Equal("lexical", results.Semantic!.Mode);
        Assert.Equal(reason, results.Semantic.Reason);
    }

    [Fact]
    public void Passages_stay_under_the_token_cap_and_keep_every_section()
    {
        var words = string.Join(' ', Enumerable.Range(0, 600).Select(i => $"word{i}."));
        var p = Some.Postmortem("x", "Long one") with
        {
            Sections = [new Core.Schema.Section("Timeline", "timeline", words), new Core.Schema.Section("Root cause", "rootCauses", "the cert expired")],
        };
        var fake = new WordHashEmbedder();

        var passages = Passages.Split(p, fake);

        Assert.True(passages.Count >= 3);
        Assert.All(passages, x => Assert.True(fake.CountTokens(x.Text) <= fake.MaxTokens, $"{fake.CountTokens(x.Text)} tokens"));
        Assert.Contains(passages, x => x.Section.Contains("Root cause") && x.Text.Contains("the cert expired"));
        Assert.Contains(passages, x => x.Text.Contains("word599."));
        Assert.Equal(passages.Count, passages.Select(x => x.Ordinal).Distinct().Count());
    }

    public void Dispose() => _dir.Dispose();
}
