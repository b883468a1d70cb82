using PostmortemSearch.Core.Store;
using PostmortemSearch.Tests.Cli;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Store;

/// <summary><c>pmsearch migrate --to postgresql://…</c> from the SQLite file, and the other verbs with <c>--db postgresql://…</c>.</summary>
[Collection(PostgresTests.Name)]
public sealed class MigrateCommandTests(PostgresServer server) : IDisposable
{
    private readonly TestDatabase _database = server.CreateDatabase();
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        _dir.Dispose();
        _database.Dispose();
    }

    [Fact]
    public void Migrate_copies_every_postmortem_and_the_logs_with_progress_and_the_postgres_store_answers_the_same()
    {
        var sqlite = new CliRunner(_dir.Path, _dir.File("pm.db"));
        Assert.Equal(0, sqlite.Run("import", RepoPaths.IngestSamples).ExitCode);
        var count = sqlite.Run("list", "--json").Json.GetArrayLength();
        Assert.True(count > 10);

        var migrate = sqlite.Run("migrate", "--to", _database.Address, "--actor", "ops");
        Assert.True(migrate.ExitCode == 0, migrate.Error);
        Assert.Contains($"copied {count:N0} of {count:N0} postmortem(s)", migrate.Out);
        Assert.DoesNotContain("pmsearch:pmsearch", migrate.Out); // the password is never printed

        var postgres = new CliRunner(_dir.Path, _database.Address);
        Assert.Equal(sqlite.Run("list", "--json").Out, postgres.Run("list", "--json").Out);
        Assert.Equal(sqlite.Run("export").Out, postgres.Run("export").Out); // import times kept
        Assert.Equal(sqlite.Run("search", "certificate expired", "--json").Out, postgres.Run("search", "certificate expired", "--json").Out);

        using var store = PostgresPostmortemStore.Open(_database.Address);
        using var file = PostmortemStore.Open(_dir.File("pm.db"));
        Assert.Equal(file.ImportLog(10_000).Select(r => (r.Path, r.Status, r.At)), store.ImportLog(10_000).Select(r => (r.Path, r.Status, r.At)));
        Assert.Equal(("migrate", "ops"), (store.AuditLog(1)[0].Action, store.AuditLog(1)[0].Actor));
        Assert.Equal(count, store.ChangesSince(0).Count);

        // Twice is refused: the target is no longer empty, and nothing was added.
        var again = sqlite.Run("migrate", "--to", _database.Address);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already holds", again.Error);
        Assert.Equal(count, store.Count());
    }

    [Fact]
    public void Migrate_takes_only_a_postgres_address()
    {
        var sqlite = new CliRunner(_dir.Path, _dir.File("pm.db"));
        var result = sqlite.Run("migrate", "--to", "other.db");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("PostgreSQL address", result.Error);
    }

    [Fact]
    public void An_unreachable_database_is_a_clear_error_not_a_crash()
    {
        var cli = new CliRunner(_dir.Path, "postgresql://u:secret@127.0.0.1:1/db");
        var result = cli.Run("list");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the PostgreSQL store at postgresql://u@127.0.0.1:1/db is unavailable", result.Error);
        Assert.DoesNotContain("secret", result.Error);
    }
}
