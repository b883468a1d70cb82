namespace PostmortemSearch.Core.Store;

/// <summary>Opens the backend a <c>--db</c> value names: a <c>postgresql://</c> address, or else a SQLite file path.</summary>
public static class PostmortemStores
{
    /// <param name="maxBytes">a SQLite store's size cap (<see cref="PostmortemStore.MaxSizeVariable"/>); PostgreSQL's is the server's business</param>
    public static IPostmortemStore Open(string db, TimeProvider? time = null, long? maxBytes = null) =>
        PostgresAddress.IsPostgres(db) ? PostgresPostmortemStore.Open(db, time) : PostmortemStore.Open(db, time, maxBytes);

    /// <summary>
    /// Where this process keeps the search index of <paramref name="store"/>: null (beside the file) for SQLite; for a
    /// shared PostgreSQL store each replica keeps its own, in <paramref name="configured"/> (<c>PMSEARCH_INDEX</c>) or
    /// else <c>data/index-&lt;hash of the address&gt;</c> under <paramref name="workingDirectory"/>.
    /// </summary>
    public static string? IndexFolder(IPostmortemStore store, string workingDirectory, string? configured)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store is PostmortemStore) return null;
        if (!string.IsNullOrEmpty(configured)) return Path.GetFullPath(configured, workingDirectory);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(store.Location)))[..12];
        return Path.Combine(workingDirectory, "data", $"index-{hash}");
    }
}
