namespace PostmortemSearch.Core.Store;

/// <summary>Opens the backend a <c>--db</c> value names: a <c>postgresql://</c> address, or else a SQLite file path.</summary>
public static class PostmortemStores
{
    public static IPostmortemStore Open(string db, TimeProvider? time = null) =>
        PostgresAddress.IsPostgres(db) ? PostgresPostmortemStore.Open(db, time) : PostmortemStore.Open(db, time);
}
