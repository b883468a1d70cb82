using System.Text;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Search;
using PostmortemSearch.Core.Semantic;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Semantic;

/// <summary>
/// The vector cache catches up in the background (a replica's embedding worker), the search index on every read. In
/// between, a postmortem made restricted or deleted must not come back to a reader through a dense hit: seen on two
/// PostgreSQL replicas, where a re-classified postmortem stayed findable by a reader on the other replica.
/// </summary>
public sealed class DenseCacheLagTests
{
    private static readonly Caller Reader = new("reader", CanSeeRestricted: false);

    [Fact]
    public void A_postmortem_made_restricted_or_deleted_before_the_vectors_catch_up_is_not_a_dense_hit_for_a_reader()
    {
        using var dir = new TempDirectory();
        using var catalog = new PostmortemCatalog(PostmortemStore.Open(dir.File("lag.db")), semantic: SemanticOptions.For(RealModel.Embedder));
        var postmortems = SemanticDocs.All.SelectMany(d => new Importer().ReadFile(new SourceFile(d.Name, Encoding.UTF8.GetBytes(d.Markdown))))
            .SelectMany(o => o.Postmortems).ToList();
        catalog.Save(postmortems, "test");
        catalog.Semantic!.CatchUp();
        var cert = postmortems.Single(p => p.Title == SemanticDocs.CertificateTitle);
        List<string> Titles(Caller caller) =>
            [.. catalog.Search(new SearchRequest { Query = SemanticDocs.CertificateParaphrase, Limit = 10 }, caller).Hits.Select(h => h.Title)];

        // the paraphrase shares no word with the document: only the dense half finds it
        Assert.Contains(SemanticDocs.CertificateTitle, Titles(Reader));

        // re-classified, the vectors not re-embedded yet
        catalog.Save([cert with { Restricted = true, Source = cert.Source with { ContentHash = cert.Source.ContentHash + "-restricted" } }], "test");
        Assert.DoesNotContain(SemanticDocs.CertificateTitle, Titles(Reader));
        Assert.Contains(SemanticDocs.CertificateTitle, Titles(Caller.Cli));
        var pool = postmortems.Single(p => p.Services.Contains("orders-api"));
        Assert.DoesNotContain(catalog.Similar(pool.Id, 10, Reader)!, h => h.Id == cert.Id);

        // deleted, the vectors still cached
        Assert.True(catalog.Delete(cert.Id, "test"));
        Assert.DoesNotContain(SemanticDocs.CertificateTitle, Titles(Caller.Cli));
        Assert.DoesNotContain(catalog.Similar(pool.Id, 10, Caller.Cli)!, h => h.Id == cert.Id);
    }
}
