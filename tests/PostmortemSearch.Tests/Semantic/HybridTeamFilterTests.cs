using System.Text;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Search;
using PostmortemSearch.Core.Semantic;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Semantic;

/// <summary>
/// <c>team:</c> (and <c>team=</c>) holds for dense hits too: a paraphrase that shares no word with its postmortem is
/// found under that postmortem's team and not under another, and a postmortem re-filed under another team is not shown
/// under its old one while its vectors still carry the old team.
/// </summary>
public sealed class HybridTeamFilterTests
{
    [Fact]
    public void A_dense_only_hit_obeys_the_team_filter_and_the_index_decides_while_the_vectors_lag()
    {
        using var dir = new TempDirectory();
        using var catalog = new PostmortemCatalog(PostmortemStore.Open(dir.File("teams.db")), semantic: SemanticOptions.For(RealModel.Embedder));
        var postmortems = SemanticDocs.All.SelectMany(d => new Importer().ReadFile(new SourceFile(d.Name, Encoding.UTF8.GetBytes(d.Markdown))))
            .SelectMany(o => o.Postmortems)
            .Select(p => p.Title == SemanticDocs.CertificateTitle ? p with { Teams = ["Edge"] } : p with { Teams = ["payments"] }).ToList();
        catalog.Save(postmortems, "test");
        catalog.Semantic!.CatchUp();
        var cert = postmortems.Single(p => p.Title == SemanticDocs.CertificateTitle);
        List<string> Titles(string query, string? team = null)
        {
            var results = catalog.Search(new SearchRequest { Query = query, Team = team, Limit = 10 }, Caller.Cli);
            Assert.Equal("hybrid", results.Semantic?.Mode);
            return [.. results.Hits.Select(h => h.Title)];
        }

        // the paraphrase shares no word with the document: only the dense half finds it
        Assert.Contains(SemanticDocs.CertificateTitle, Titles(SemanticDocs.CertificateParaphrase));
        Assert.Contains(SemanticDocs.CertificateTitle, Titles(SemanticDocs.CertificateParaphrase + " team:edge"));
        Assert.Contains(SemanticDocs.CertificateTitle, Titles(SemanticDocs.CertificateParaphrase, team: "EDGE"));
        Assert.DoesNotContain(SemanticDocs.CertificateTitle, Titles(SemanticDocs.CertificateParaphrase + " team:payments"));
        Assert.DoesNotContain(SemanticDocs.CertificateTitle, Titles(SemanticDocs.CertificateParaphrase, team: "payments"));

        // re-filed under payments, the vectors not re-embedded yet (they still say edge)
        catalog.Save([cert with { Teams = ["payments"], Source = cert.Source with { ContentHash = cert.Source.ContentHash + "-refiled" } }], "test");
        Assert.DoesNotContain(SemanticDocs.CertificateTitle, Titles(SemanticDocs.CertificateParaphrase + " team:edge"));

        // once they catch up, it is found under its new team
        catalog.Semantic.CatchUp();
        Assert.Contains(SemanticDocs.CertificateTitle, Titles(SemanticDocs.CertificateParaphrase + " team:payments"));
        Assert.DoesNotContain(SemanticDocs.CertificateTitle, Titles(SemanticDocs.CertificateParaphrase + " team:edge"));
    }
}
