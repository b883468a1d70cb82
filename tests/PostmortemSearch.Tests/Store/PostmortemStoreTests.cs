using PostmortemSearch.Core.Schema;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Store;

public sealed class PostmortemStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly PostmortemStore _store;

    public PostmortemStoreTests() => _store = PostmortemStore.Open(_dir.File("pm.db"), FixedTime.At(2025, 10, 1));

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private static Postmortem WithHash(Postmortem p) => p with { Source = p.Source with { ContentHash = Importer.ContentHash(p) } };

    [Fact]
    public void Saving_the_same_content_twice_is_a_no_op_and_changed_content_updates()
    {
        var p = WithHash(Some.FromMarkdown("# Disk full\n## Summary\nLogs filled the disk.\n", "a.md"));
        Assert.Equal(SaveStatus.Imported, _store.SaveBatch([p], "t")[0].Status);
        Assert.Equal(SaveStatus.Unchanged, _store.SaveBatch([p], "t")[0].Status);
        var changed = WithHash(Some.FromMarkdown("# Disk full\n## Summary\nDebug logs filled the disk.\n", "a.md"));
        Assert.Equal(p.Id, changed.Id);
        Assert.Equal(SaveStatus.Updated, _store.SaveBatch([changed], "t")[0].Status);
        Assert.Equal(1, _store.Count());
        Assert.Equal("Debug logs filled the disk.", _store.Get(p.Id)!.Summary);
    }

    [Fact]
    public void Stored_postmortems_round_trip_with_import_time_set()
    {
        var p = WithHash(Some.FromMarkdown("# Cert expired\nSeverity: SEV2\nStart: 2025-02-01 10:00 +01:00\n## Action items\n- [ ] OPS-1 renew automation (owner: kim, due 2025-03-01)\n", "b.md"));
        _store.SaveBatch([p], "t");
        var back = _store.Get(p.Id)!;
        Assert.Equal(new DateTimeOffset(2025, 10, 1, 12, 0, 0, TimeSpan.Zero), back.Source.ImportedAt);
        Assert.Equal(PostmortemJson.Serialize(p), PostmortemJson.Serialize(back with { Source = back.Source with { ImportedAt = null } }));
    }

    [Fact]
    public void Migrations_run_once_and_reopening_keeps_data()
    {
        var p = WithHash(Some.FromMarkdown("# A\n## Summary\nText here.\n", "c.md"));
        _store.SaveBatch([p], "t");
        using var again = PostmortemStore.Open(_dir.File("pm.db"));
        Assert.Equal(1, again.Count());
        Assert.Equal("ok", again.IntegrityCheck());
    }

    [Fact]
    public void The_change_log_records_writes_and_deletes_in_order_and_skips_unchanged_content()
    {
        var a = WithHash(Some.FromMarkdown("# A\n## Summary\nText here.\n", "log-a.md"));
        var b = WithHash(Some.FromMarkdown("# B\n## Summary\nOther text.\n", "log-b.md"));
        Assert.Equal(0, _store.LastChangeSeq());
        _store.SaveBatch([a, b], "t");
        var afterImport = _store.LastChangeSeq();
        _store.SaveBatch([a], "t");
        Assert.Equal(afterImport, _store.LastChangeSeq());
        _store.Delete(a.Id, "t");
        var changes = _store.ChangesSince(0);
        Assert.Equal([(a.Id, false), (b.Id, false), (a.Id, true)], changes.Select(c => (c.Id, c.Deleted)));
        Assert.Equal([(a.Id, true)], _store.ChangesSince(afterImport).Select(c => (c.Id, c.Deleted)));
        Assert.True(changes.Zip(changes.Skip(1)).All(pair => pair.First.Seq < pair.Second.Seq));
    }

    [Fact]
    public void Delete_is_audited_with_the_actor()
    {
        var p = WithHash(Some.FromMarkdown("# A\n## Summary\nText here.\n", "d.md"));
        _store.SaveBatch([p], "importer-key");
        Assert.True(_store.Delete(p.Id, "admin-key"));
        Assert.False(_store.Delete(p.Id, "admin-key"));
        var log = _store.AuditLog();
        Assert.Contains(log, e => e.Action == "delete" && e.Actor == "admin-key" && e.Target == p.Id);
        Assert.Contains(log, e => e.Action == "import" && e.Actor == "importer-key");
    }

    [Fact]
    public void Backup_copies_a_consistent_store()
    {
        _store.SaveBatch([WithHash(Some.FromMarkdown("# A\n## Summary\nText here.\n", "e.md"))], "t");
        _store.Backup(_dir.File("copy.db"));
        using var copy = PostmortemStore.Open(_dir.File("copy.db"));
        Assert.Equal(1, copy.Count());
        Assert.Equal("ok", copy.IntegrityCheck());
    }

    [Fact]
    public void A_failing_batch_leaves_nothing_behind()
    {
        var good = WithHash(Some.FromMarkdown("# A\n## Summary\nText here.\n", "f.md"));
        var broken = good with { Id = "pm-broken", Title = null! };
        Assert.ThrowsAny<Exception>(() => _store.SaveBatch([good, broken], "t"));
        Assert.Equal(0, _store.Count());
    }
}
