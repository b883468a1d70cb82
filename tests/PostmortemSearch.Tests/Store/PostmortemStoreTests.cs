using PostmortemSearch.Core.Store;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Store;

/// <summary>The store contract on SQLite (see <see cref="StoreContractTests"/>), plus what only the file store does.</summary>
public sealed class PostmortemStoreTests : StoreContractTests, IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly PostmortemStore _store;

    public PostmortemStoreTests() => _store = PostmortemStore.Open(_dir.File("pm.db"), FixedTime.At(2025, 10, 1));

    protected override IPostmortemStore Store => _store;

    protected override IPostmortemStore OpenAgain() => PostmortemStore.Open(_dir.File("pm.db"), FixedTime.At(2025, 10, 1));

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Reopening_finds_an_intact_file()
    {
        _store.SaveBatch([Doc("c")], "t");
        using var again = PostmortemStore.Open(_dir.File("pm.db"));
        Assert.Equal("ok", again.IntegrityCheck());
    }

    [Fact]
    public void Backup_copies_a_consistent_store()
    {
        _store.SaveBatch([Doc("e")], "t");
        _store.Backup(_dir.File("copy.db"));
        using var copy = PostmortemStore.Open(_dir.File("copy.db"));
        Assert.Equal(1, copy.Count());
        Assert.Equal("ok", copy.IntegrityCheck());
    }
}
