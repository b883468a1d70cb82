using PostmortemSearch.Core.Schema;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Store;

/// <summary>
/// The store contract (<see cref="IPostmortemStore"/>), run against every backend: SQLite in
/// <see cref="PostmortemStoreTests"/>, PostgreSQL in <see cref="PostgresStoreContractTests"/>. A test here is a promise
/// both keep; backend-only behaviour (SQLite's backup file, PostgreSQL addresses) lives in the subclasses.
/// </summary>
public abstract partial class StoreContractTests
{
    /// <summary>The store under test; its clock says 2025-10-01 12:00 UTC.</summary>
    protected abstract IPostmortemStore Store { get; }

    /// <summary>A second, independent handle on the same store: another process, or another replica.</summary>
    protected abstract IPostmortemStore OpenAgain();

    protected static Postmortem WithHash(Postmortem p) => p with { Source = p.Source with { ContentHash = Importer.ContentHash(p) } };

    protected static Postmortem Doc(string name, string summary = "Text here.", string extra = "") =>
        WithHash(Some.FromMarkdown($"# {name}\n{extra}## Summary\n{summary}\n", name + ".md"));

    [Fact]
    public void Saving_the_same_content_twice_is_a_no_op_and_changed_content_updates()
    {
        var p = WithHash(Some.FromMarkdown("# Disk full\n## Summary\nLogs filled the disk.\n", "a.md"));
        Assert.Equal(SaveStatus.Imported, Store.SaveBatch([p], "t")[0].Status);
        Assert.Equal(SaveStatus.Unchanged, Store.SaveBatch([p], "t")[0].Status);
        var changed = WithHash(Some.FromMarkdown("# Disk full\n## Summary\nDebug logs filled the disk.\n", "a.md"));
        Assert.Equal(p.Id, changed.Id);
        Assert.Equal(SaveStatus.Updated, Store.SaveBatch([changed], "t")[0].Status);
        Assert.Equal(1, Store.Count());
        Assert.Equal("Debug logs filled the disk.", Store.Get(p.Id)!.Summary);
    }

    [Fact]
    public void Stored_postmortems_round_trip_with_import_time_set()
    {
        var p = WithHash(Some.FromMarkdown("# Cert expired\nSeverity: SEV2\nStart: 2025-02-01 10:00 +01:00\n## Action items\n- [ ] OPS-1 renew automation (owner: kim, due 2025-03-01)\n## Timeline\n- 10:00 alert fired\n- 10:30 cert renewed\n", "b.md"));
        Store.SaveBatch([p], "t");
        var back = Store.Get(p.Id)!;
        Assert.Equal(new DateTimeOffset(2025, 10, 1, 12, 0, 0, TimeSpan.Zero), back.Source.ImportedAt);
        Assert.Equal(PostmortemJson.Serialize(p), PostmortemJson.Serialize(back with { Source = back.Source with { ImportedAt = null } }));
        Assert.Null(Store.Get("pm-missing"));
    }

    [Fact]
    public void Migrations_run_once_and_reopening_keeps_data()
    {
        Store.SaveBatch([Doc("c")], "t");
        using var again = OpenAgain();
        using var third = OpenAgain();
        Assert.Equal(1, again.Count());
        Assert.Equal(1, third.Count());
        Assert.Equal(Store.LastChangeSeq(), third.LastChangeSeq());
    }

    [Fact]
    public void The_change_log_records_writes_and_deletes_in_order_and_skips_unchanged_content()
    {
        var a = Doc("log-a");
        var b = Doc("log-b", "Other text.");
        Assert.Equal(0, Store.LastChangeSeq());
        Store.SaveBatch([a, b], "t");
        var afterImport = Store.LastChangeSeq();
        Store.SaveBatch([a], "t");
        Assert.Equal(afterImport, Store.LastChangeSeq());
        Store.Delete(a.Id, "t");
        var changes = Store.ChangesSince(0);
        Assert.Equal([(a.Id, false), (b.Id, false), (a.Id, true)], changes.Select(c => (c.Id, c.Deleted)));
        Assert.Equal([(a.Id, true)], Store.ChangesSince(afterImport).Select(c => (c.Id, c.Deleted)));
        Assert.True(changes.Zip(changes.Skip(1)).All(pair => pair.First.Seq < pair.Second.Seq));
        Assert.Equal(changes[^1].Seq, Store.LastChangeSeq());
        Assert.Equal([changes[0]], Store.ChangesSince(0, limit: 1));
    }

    [Fact]
    public void Delete_is_audited_with_the_actor()
    {
        var p = Doc("d");
        Store.SaveBatch([p], "importer-key");
        Assert.True(Store.Delete(p.Id, "admin-key"));
        Assert.False(Store.Delete(p.Id, "admin-key"));
        Store.Audit("admin-key", "upload-rejected", "x.md", "not a postmortem");
        var log = Store.AuditLog();
        Assert.Contains(log, e => e.Action == "delete" && e.Actor == "admin-key" && e.Target == p.Id);
        Assert.Contains(log, e => e.Action == "import" && e.Actor == "importer-key" && e.Detail == "1 imported, 0 updated, 0 unchanged, 0 rejected");
        Assert.Equal(("upload-rejected", "x.md", "not a postmortem"), (log[0].Action, log[0].Target, log[0].Detail));
        Assert.Equal(new DateTimeOffset(2025, 10, 1, 12, 0, 0, TimeSpan.Zero), log[0].At);
        Assert.Null(Store.Get(p.Id));
    }

    [Fact]
    public void The_import_log_has_a_row_per_postmortem_and_per_rejected_file()
    {
        var a = Doc("il-a");
        Store.SaveBatch([a], "ci");
        Store.SaveBatch([a], "ci", [("broken.docx", "not a zip file")]);
        var log = Store.ImportLog();
        Assert.Equal(
            [("broken.docx", "rejected", (string?)null, (string?)"not a zip file"), ("il-a.md", "unchanged", a.Id, null), ("il-a.md", "imported", a.Id, null)],
            log.Select(r => (r.Path, r.Status, r.PostmortemId, r.Error)));
        Assert.All(log, r => Assert.Equal("ci", r.Actor));
        Assert.True(log[0].Seq > log[1].Seq);
    }

    [Fact]
    public void A_failing_batch_leaves_nothing_behind()
    {
        var good = Doc("f");
        var broken = good with { Id = "pm-broken", Title = null! };
        Assert.ThrowsAny<Exception>(() => Store.SaveBatch([good, broken], "t"));
        Assert.Equal(0, Store.Count());
        Assert.Equal(0, Store.LastChangeSeq());
        Assert.Empty(Store.ImportLog());
    }

    [Fact]
    public void Restricted_postmortems_are_counted_apart_and_reclassification_is_a_change()
    {
        var open = Doc("r-open");
        var secret = Doc("r-secret", extra: "Classification: restricted\n");
        Assert.True(secret.Restricted);
        Store.SaveBatch([open, secret], "t");
        Assert.Equal((2, 1), (Store.Count(), Store.Count(includeRestricted: false)));
        var before = Store.LastChangeSeq();
        var declassified = WithHash(secret with { Restricted = false });
        Assert.Equal(SaveStatus.Updated, Store.SaveBatch([declassified], "t")[0].Status);
        Assert.Equal([(secret.Id, false)], Store.ChangesSince(before).Select(c => (c.Id, c.Deleted)));
        Assert.False(Store.Get(secret.Id)!.Restricted);
        Assert.Equal(2, Store.Count(includeRestricted: false));
    }

    [Fact]
    public void All_is_ordered_by_incident_start_then_id()
    {
        var late = Doc("z-late", extra: "Start: 2025-03-01 10:00 +00:00\n");
        var early = Doc("y-early", extra: "Start: 2024-01-01 10:00 +00:00\n");
        var undated = Doc("x-undated");
        var alsoUndated = Doc("W-undated");
        Store.SaveBatch([late, early, undated, alsoUndated], "t");
        var expected = new[] { alsoUndated, undated }.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => p.Id).Concat([early.Id, late.Id]);
        Assert.Equal(expected, Store.All().Select(p => p.Id));
    }

    [Fact]
    public void The_last_copy_of_an_id_in_one_batch_wins()
    {
        var first = Doc("dup", "First text.");
        var second = Doc("dup", "Second text.");
        Assert.Equal(first.Id, second.Id);
        var results = Store.SaveBatch([first, second], "t");
        Assert.Equal([SaveStatus.Imported, SaveStatus.Updated], results.Select(r => r.Status));
        Assert.Equal("Second text.", Store.Get(first.Id)!.Summary);
        Assert.Equal(1, Store.Count());
    }

    [Fact]
    public void Version_counts_committed_changes_made_through_this_handle()
    {
        var v0 = Store.Version;
        var p = Doc("v");
        Store.SaveBatch([p], "t");
        Store.SaveBatch([p], "t");
        Assert.Equal(v0 + 1, Store.Version);
        Store.Delete(p.Id, "t");
        Assert.Equal(v0 + 2, Store.Version);
    }

    [Fact]
    public void Two_writers_importing_the_same_sources_at_once_leave_one_postmortem_each()
    {
        var batch = Enumerable.Range(0, 40).Select(i => Doc($"race-{i:00}", $"Race number {i}.")).ToList();
        using var other = OpenAgain();
        using var go = new Barrier(2);
        IReadOnlyList<SaveResult> Import(IPostmortemStore store)
        {
            go.SignalAndWait();
            return store.SaveBatch(batch, "replica");
        }
        var results = new[] { Store, other }.AsParallel().WithDegreeOfParallelism(2).Select(Import).ToList();
        Assert.Equal(40, Store.Count());
        // Each id was imported by exactly one of the two; the other found identical content.
        foreach (var i in Enumerable.Range(0, 40))
            Assert.Equal([SaveStatus.Imported, SaveStatus.Unchanged], results.Select(r => r[i].Status).Order());
        Assert.Equal(40, Store.ChangesSince(0).Count);
    }

    [Fact]
    public async Task A_reader_following_the_change_log_during_concurrent_writes_misses_nothing()
    {
        const int Writers = 4, Batches = 15;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var last = 0L;
        void Follow()
        {
            foreach (var change in Store.ChangesSince(last))
            {
                Assert.True(change.Seq > last, "the change log went backwards");
                last = change.Seq;
                seen.Add(change.Id);
            }
        }
        var handles = Enumerable.Range(0, Writers).Select(_ => OpenAgain()).ToList();
        try
        {
            var writing = Task.WhenAll(handles.Select((store, w) => Task.Run(() =>
            {
                for (var b = 0; b < Batches; b++) store.SaveBatch([Doc($"w{w}-b{b}", $"writer {w} batch {b}")], $"writer-{w}");
            })));
            while (!writing.IsCompleted) Follow();
            await writing;
            Follow();
        }
        finally
        {
            foreach (var handle in handles) handle.Dispose();
        }
        Assert.Equal(Writers * Batches, seen.Count);
    }

    [Fact]
    public void Updates_and_deletes_keep_previous_versions_and_restore_brings_one_back()
    {
        var first = Doc("hist", "First text.");
        Store.SaveBatch([first], "alice");
        Store.SaveBatch([Doc("hist", "Second text.")], "bob");
        Assert.True(Store.Delete(first.Id, "carol"));
        var history = Store.History(first.Id);
        Assert.Equal([("deleted", "carol"), ("updated", "bob")], history.Select(v => (v.Reason, v.ReplacedBy)));
        var restored = Store.Restore(first.Id, history[^1].Version, "dave");
        Assert.Equal("First text.", restored!.Summary);
        Assert.Equal("First text.", Store.Get(first.Id)!.Summary);
        Assert.Equal((first.Id, false), (Store.ChangesSince(0)[^1].Id, Store.ChangesSince(0)[^1].Deleted));
        Assert.Contains(Store.AuditLog(), e => e.Action == "restore" && e.Actor == "dave" && e.Target == first.Id);
        Assert.Null(Store.Restore(first.Id, 999_999, "dave"));
    }

    [Fact]
    public void A_page_re_exported_in_another_format_of_the_same_tool_updates_it_and_the_same_page_id_from_another_tool_does_not()
    {
        var html = Doc("page-196610", "As the HTML export says.") with
        {
            Source = new SourceInfo { Kind = SourceKinds.ConfluenceHtml, Path = "space/Catalog-pool_196610.html", PageId = "196610" },
        };
        Store.SaveBatch([WithHash(html)], "t");
        var xml = WithHash(Doc("page-196610", "As entities.xml says.") with
        {
            Source = new SourceInfo { Kind = SourceKinds.ConfluenceXml, Path = "xml/entities.xml#page=196610", PageId = "196610" },
        });
        Assert.Equal(SaveStatus.Updated, Store.Save([xml], "t").Results[0].Status);
        Assert.Equal("As entities.xml says.", Store.Get(html.Id)!.Summary);

        var otherTool = WithHash(Doc("page-196610", "A Google Doc.") with
        {
            Source = new SourceInfo { Kind = SourceKinds.GoogleDocsJson, Path = "doc.json", PageId = "196610" },
        });
        var refused = Store.Save([otherTool], "t").Results[0];
        Assert.Equal(SaveStatus.Refused, refused.Status);
        Assert.Contains("another source", refused.Reason);
        // Without a page id of its own, another kind is another source even at the same path.
        var plain = Doc("plain-1");
        Store.SaveBatch([plain], "t");
        var asWord = WithHash(Doc("plain-1", "Other text.") with { Source = plain.Source with { Kind = SourceKinds.Docx } });
        Assert.Equal(SaveStatus.Refused, Store.Save([asWord], "t").Results[0].Status);
    }

    [Fact]
    public void An_import_may_update_only_from_its_own_source_and_never_touches_a_restricted_row_it_may_not_see()
    {
        var original = Doc("rights");
        Store.SaveBatch([original], "t");
        var impostor = WithHash(Doc("rights", "Other text.") with { Source = original.Source with { Path = "elsewhere/other.md" } });
        var refused = Store.Save([impostor], "t").Results[0];
        Assert.Equal(SaveStatus.Refused, refused.Status);
        Assert.Contains("another source", refused.Reason);
        Assert.Equal("Text here.", Store.Get(original.Id)!.Summary);

        var secret = Doc("rights-secret", extra: "Classification: restricted\n");
        Store.SaveBatch([secret], "t");
        Assert.False(Store.IsVisible(secret.Id, canSeeRestricted: false));
        Assert.True(Store.IsVisible(secret.Id, canSeeRestricted: true));
        var blind = Store.Save([Doc("rights-secret", "Overwrite attempt.")], "reader", canSeeRestricted: false).Results[0];
        Assert.Equal(SaveStatus.Imported, blind.Status);
        Assert.NotEqual(secret.Id, blind.Id);
        Assert.Equal("Text here.", Store.Get(secret.Id)!.Summary);

        var invalid = Store.Save([Doc("bad") with { Id = "../etc" }], "t").Results[0];
        Assert.Equal(SaveStatus.Refused, invalid.Status);
    }

    [Fact]
    public void Factor_tables_keep_statement_vectors_curations_the_taxonomy_and_progress()
    {
        Store.SaveStatementVectors("pm-a", "m@1", [(0, "cert expired", [0.5f, -1f]), (1, "no alert", [2f, 0f])]);
        Store.SaveStatementVectors("pm-a", "m@1", [(0, "cert expired", [0.25f, 1f])]);
        Store.SaveStatementVectors("pm-b", "m@2", [(0, "disk full", [1f, 1f])]);
        var vectors = Store.StatementVectors("m@1");
        Assert.Equal([("pm-a", 0, "cert expired")], vectors.Select(v => (v.PostmortemId, v.Ordinal, v.Text)));
        Assert.Equal([0.25f, 1f], vectors[0].Vector);
        Store.DeleteStatementVectors("pm-b");
        Assert.Empty(Store.StatementVectors("m@2"));

        Assert.Equal(0, Store.DerivedProgress("statement-vectors:m@1"));
        Store.SetDerivedProgress("statement-vectors:m@1", 42);
        Store.SetDerivedProgress("statement-vectors:m@1", 43);
        Assert.Equal(43, Store.DerivedProgress("statement-vectors:m@1"));

        var version = Store.FactorsVersion;
        var decision = Store.AddCuration(new PostmortemSearch.Core.Analytics.Curation.CurationDecision
        {
            Actor = "lead", Action = PostmortemSearch.Core.Analytics.Curation.CurationAction.Rename, ClusterId = "c1", Label = "Certificate expiry",
        });
        Assert.True(decision.Seq > 0);
        Assert.NotEqual(version, Store.FactorsVersion);
        Assert.Equal([("lead", "c1", "Certificate expiry")], Store.Curations().Select(d => (d.Actor, d.ClusterId, d.Label)));
        Assert.Contains(Store.AuditLog(), e => e.Action == "curation" && e.Actor == "lead");

        Assert.Null(Store.TaxonomyJson());
        Store.SaveTaxonomyJson("{\"categories\":[]}", "lead");
        var afterFirst = Store.FactorsVersion;
        Store.SaveTaxonomyJson("{\"categories\":[1]}", "lead");
        Assert.Equal("{\"categories\":[1]}", Store.TaxonomyJson());
        Assert.NotEqual(afterFirst, Store.FactorsVersion);
    }
}
