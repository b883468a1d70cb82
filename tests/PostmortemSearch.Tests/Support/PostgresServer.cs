using System.Diagnostics;
using Npgsql;

namespace PostmortemSearch.Tests.Support;

/// <summary>
/// A real PostgreSQL server for the PostgreSQL store tests, shared by the "postgres" collection. It is the one
/// <c>PMSEARCH_TEST_POSTGRES</c> names (.ci/run starts a throwaway cluster and sets it), else a throwaway cluster this
/// fixture starts with <c>.ci/postgres start</c> and stops afterwards. No server is a failure, never a skip: to run
/// these tests locally, have PostgreSQL's initdb and pg_ctl on PATH (Debian: apt-get install postgresql) or point
/// <c>PMSEARCH_TEST_POSTGRES</c> at a server, e.g. <c>postgresql://user:password@127.0.0.1:5432/postgres</c>.
/// Every test gets its own database (<see cref="CreateDatabase"/>).
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string? _startedDir;

    public PostgresServer()
    {
        if (Environment.GetEnvironmentVariable("PMSEARCH_TEST_POSTGRES") is { Length: > 0 } configured)
        {
            AdminAddress = configured;
            return;
        }
        var script = Path.Combine(RepoPaths.Root, ".ci", "postgres");
        var (code, output, error) = Bash($"'{script}' start");
        var exports = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith("export ", StringComparison.Ordinal))
            .Select(l => l["export ".Length..].Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
        if (code != 0 || !exports.TryGetValue("PMSEARCH_TEST_POSTGRES", out var address))
        {
            throw new InvalidOperationException(
                "no PostgreSQL server for the PostgreSQL store tests: PMSEARCH_TEST_POSTGRES is not set and '.ci/postgres start' failed " +
                $"(exit {code}): {error.Trim()}. Install PostgreSQL (initdb and pg_ctl on PATH; Debian: apt-get install postgresql) " +
                "or set PMSEARCH_TEST_POSTGRES=postgresql://user:password@127.0.0.1:5432/postgres");
        }
        AdminAddress = address;
        _startedDir = exports.GetValueOrDefault("PMSEARCH_TEST_POSTGRES_DIR");
    }

    /// <summary>An address of the server with rights to create databases.</summary>
    public string AdminAddress { get; }

    /// <summary>A new, empty database; its address (dropped when the returned handle is disposed).</summary>
    public TestDatabase CreateDatabase()
    {
        var name = "pmtest_" + Guid.NewGuid().ToString("N")[..12];
        Admin($"CREATE DATABASE {name}");
        var address = AdminAddress[..(AdminAddress.LastIndexOf('/') + 1)] + name;
        return new TestDatabase(name, address, () => Admin($"DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
    }

    /// <summary>Runs <paramref name="sql"/> on the server's maintenance database (CREATE/ALTER/DROP DATABASE and the like).</summary>
    public void Admin(string sql)
    {
        using var source = NpgsqlDataSource.Create(PostmortemSearch.Core.Store.PostgresAddress.Parse(AdminAddress));
        using var command = source.CreateCommand(sql);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        if (_startedDir is not null) Bash($"'{Path.Combine(RepoPaths.Root, ".ci", "postgres")}' stop '{_startedDir}'");
    }

    private static (int Code, string Out, string Error) Bash(string command)
    {
        var start = new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}

/// <summary>One test's database on the shared server.</summary>
public sealed class TestDatabase(string name, string address, Action drop) : IDisposable
{
    public string Name { get; } = name;
    public string Address { get; } = address;

    public void Dispose() => drop();
}

[CollectionDefinition(Name)]
public sealed class PostgresTests : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
