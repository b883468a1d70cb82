using PostmortemSearch.Core.Store;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Store;

/// <summary>
/// The store contract on a real PostgreSQL server (see <see cref="StoreContractTests"/> and, for how to run it
/// locally, <see cref="PostgresServer"/>), plus what only the shared database does. Each test has its own database.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class PostgresStoreContractTests : StoreContractTests, IDisposable
{
    private readonly TestDatabase _database;
    private readonly PostgresPostmortemStore _store;

    public PostgresStoreContractTests(PostgresServer server)
    {
        _database = server.CreateDatabase();
        _store = PostgresPostmortemStore.Open(_database.Address, FixedTime.At(2025, 10, 1));
    }

    protected override IPostmortemStore Store => _store;

    protected override IPostmortemStore OpenAgain() => PostgresPostmortemStore.Open(_database.Address, FixedTime.At(2025, 10, 1));

    public void Dispose()
    {
        _store.Dispose();
        _database.Dispose();
    }

    [Fact]
    public void The_location_names_the_database_without_the_password()
    {
        Assert.StartsWith("postgresql://pmsearch@", _store.Location);
        Assert.DoesNotContain("pmsearch:", _store.Location);
        Assert.EndsWith(_database.Address[(_database.Address.LastIndexOf('/') + 1)..], _store.Location);
    }

    [Fact]
    public void A_database_that_does_not_exist_is_unavailable_with_its_name_in_the_message()
    {
        var missing = _database.Address[..(_database.Address.LastIndexOf('/') + 1)] + "pmtest_no_such_db";
        var e = Assert.Throws<StoreUnavailableException>(() => PostgresPostmortemStore.Open(missing));
        Assert.Contains("pmtest_no_such_db", e.Message);
    }
}
