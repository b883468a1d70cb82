using PostmortemSearch.Core.Semantic;
using PostmortemSearch.Core.Store;

namespace PostmortemSearch.Tests.Store;

/// <summary>Passage and statement vectors and the audit trail's links, kept alike by both backends.</summary>
public abstract partial class StoreContractTests
{
    private static EmbeddedDoc Embedded(PostmortemSearch.Core.Schema.Postmortem p, params float[][] vectors) =>
        new(p.Id, p.Source.ContentHash, DenseDocMeta.Of(p), [.. vectors.Select((_, i) => new Passage(i, "Summary", $"passage {i} of {p.Id}"))], vectors);

    [Fact]
    public void Passage_vectors_are_kept_per_model_for_the_current_content_only_and_go_with_their_postmortem()
    {
        var a = Doc("vec-a", "Certificate expired.");
        var b = Doc("vec-b", "Disk filled up.");
        Store.SaveBatch([a, b], "t");
        var vectors = IVectorStore.For(Store, "m@1");
        Assert.Equal(0, vectors.ProgressSeq());

        var written = vectors.Write([Embedded(a, [1f, 0f], [0f, 1f]), Embedded(b with { Source = b.Source with { ContentHash = "stale" } }, [1f, 1f])], progressSeq: 2);
        Assert.Equal([a.Id], written); // b's vectors were embedded from content it no longer has
        var loaded = Assert.Single(vectors.LoadAll(dimensions: 2));
        Assert.Equal((a.Id, a.Source.ContentHash, "Certificate expired."), (loaded.Id, loaded.ContentHash, a.Summary));
        Assert.Equal([[1f, 0f], [0f, 1f]], loaded.Vectors);
        Assert.Equal(["passage 0 of " + a.Id, "passage 1 of " + a.Id], loaded.Passages.Select(p => p.Text));
        Assert.Equal(a.Title, loaded.Meta.Title);
        Assert.Throws<InvalidDataException>(() => vectors.LoadAll(dimensions: 3));

        // Progress only moves forward (a replica that was behind cannot set it back); another model sees none of it.
        vectors.Write([], progressSeq: 1);
        Assert.Equal(2, vectors.ProgressSeq());
        var other = IVectorStore.For(OpenAgain(), "m@2");
        Assert.Empty(other.LoadAll(dimensions: 2));
        Assert.Equal(0, other.ProgressSeq());

        // An update makes the old vectors invisible; a delete takes them along.
        var changed = Doc("vec-a", "Certificate expired again.");
        Store.SaveBatch([changed], "t");
        Assert.Empty(vectors.LoadCurrent([a.Id], dimensions: 2));
        Assert.Empty(vectors.LoadAll(dimensions: 2));
        vectors.Write([Embedded(changed, [0.5f, 0.5f])], progressSeq: 3);
        Assert.Equal([[0.5f, 0.5f]], Assert.Single(vectors.LoadCurrent([a.Id, b.Id], dimensions: 2)).Vectors);
        Store.Delete(a.Id, "t");
        Assert.Empty(vectors.LoadAll(dimensions: 2));

        // A model change forgets the other model's vectors and progress.
        vectors.Write([Embedded(b, [1f, 1f])], progressSeq: 4);
        other.ForgetOtherModels();
        Assert.Empty(vectors.LoadAll(dimensions: 2));
        Assert.Equal(0, vectors.ProgressSeq());
    }

    [Fact]
    public async Task Two_handles_writing_the_same_postmortems_vectors_at_once_neither_fail_nor_duplicate()
    {
        var docs = Enumerable.Range(0, 12).Select(i => Doc($"race-{i:00}", $"Outage number {i}.")).ToList();
        Store.SaveBatch(docs, "t");
        using var second = OpenAgain();
        var handles = new[] { IVectorStore.For(Store, "m@1"), IVectorStore.For(second, "m@1") };
        // Both embed every change (as two replicas catching up together do), in opposite orders, several times over.
        var writers = handles.Select((vectors, w) => Task.Run(() =>
        {
            for (var round = 0; round < 5; round++)
            {
                var batch = (w == 0 ? docs : Enumerable.Reverse(docs)).Select((d, i) => Embedded(d, [1f, i], [w, round])).ToList();
                Assert.Equal(docs.Count, vectors.Write(batch, progressSeq: round + 1).Count);
            }
        })).ToArray();
        await Task.WhenAll(writers);

        var loaded = handles[1].LoadAll(dimensions: 2);
        Assert.Equal(docs.Select(d => d.Id).Order(StringComparer.Ordinal), loaded.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.All(loaded, d => Assert.Equal(2, d.Passages.Count));
        Assert.Equal(5, handles[0].ProgressSeq());

        // Statement vectors too: two handles saving one postmortem's statements at once both succeed, one set remains.
        var statements = Enumerable.Range(0, 2).Select(w => Task.Run(() =>
        {
            var store = w == 0 ? Store : second;
            for (var round = 0; round < 10; round++)
                store.SaveStatementVectors("race-00", "m@1", [(0, "cert expired", [1f, w]), (1, "no alert", [0f, round])]);
        })).ToArray();
        await Task.WhenAll(statements);
        Assert.Equal([0, 1], Store.StatementVectors("m@1", "race-00").Select(v => v.Ordinal).Order());
    }

    [Fact]
    public void The_audit_trail_links_each_import_to_its_own_rows_even_when_time_and_actor_are_the_same()
    {
        // The store's clock is fixed: both imports by "ci" happen at the same instant, so only the link tells them apart.
        var first = Doc("trail-a");
        var second = Doc("trail-b", "Other text.");
        Store.Save([first], "ci", [("broken.md", "not a postmortem")]);
        Store.Save([second, first], "ci");
        var imports = Store.AuditTrail(10, "import");
        Assert.Equal(2, imports.Count);
        Assert.Equal([(second.Id, "imported", "trail-b.md"), (first.Id, "unchanged", "trail-a.md")],
            imports[0].Touched.Select(t => (t.PostmortemId, t.Status, t.Path)));
        Assert.Equal([second.Id], imports[0].PostmortemIds);
        Assert.Equal([(first.Id, "imported"), (null, "rejected")], imports[1].Touched.Select(t => (t.PostmortemId, t.Status)));
        Assert.Equal("not a postmortem", imports[1].Touched[1].Error);

        Store.Delete(first.Id, "ci");
        var deleted = Assert.Single(Store.AuditTrail(10, "delete"));
        Assert.Equal([first.Id], deleted.PostmortemIds);
    }
}
