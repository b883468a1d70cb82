using Npgsql;

namespace PostmortemSearch.Core.Store;

/// <summary>Connections, commands and the two failure policies: unreachable → <see cref="StoreUnavailableException"/>, conflict → retry.</summary>
public sealed partial class PostgresPostmortemStore
{
    /// <summary>Runs <paramref name="work"/> on a pooled connection; a database that cannot be reached becomes a <see cref="StoreUnavailableException"/>.</summary>
    internal T Run<T>(Func<NpgsqlConnection, T> work)
    {
        NpgsqlConnection connection;
        try
        {
            connection = _source.OpenConnection();
        }
        catch (NpgsqlException e)
        {
            // Whatever stops a connection (no server, refused login, database gone or closed to connections) means
            // the store is unavailable to this replica.
            throw new StoreUnavailableException($"the PostgreSQL store at {Location} is unavailable: {e.Message}", e);
        }
        try
        {
            using (connection) return work(connection);
        }
        catch (NpgsqlException e) when (IsUnavailable(e))
        {
            throw new StoreUnavailableException($"the PostgreSQL store at {Location} is unavailable: {e.Message}", e);
        }
    }

    /// <summary>
    /// A transaction that lost a serialization or deadlock check is rolled back whole by the server, so running it
    /// again is safe; anything else propagates.
    /// </summary>
    internal T Retrying<T>(Func<NpgsqlConnection, T> work)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return Run(work);
            }
            catch (PostgresException e) when (attempt < MaxAttempts && e.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected)
            {
                Thread.Sleep(10 * attempt);
            }
        }
    }

    /// <summary>
    /// Connection trouble (no server, network, shutdown, too many clients, unknown database or role, bad password)
    /// rather than a statement the server refused.
    /// </summary>
    private static bool IsUnavailable(NpgsqlException e) => e is not PostgresException pg
        || pg.SqlState.StartsWith("08", StringComparison.Ordinal)   // connection exception
        || pg.SqlState.StartsWith("57P", StringComparison.Ordinal)  // admin shutdown, crash shutdown, cannot connect now
        || pg.SqlState.StartsWith("53", StringComparison.Ordinal)   // insufficient resources (too many connections)
        || pg.SqlState.StartsWith("28", StringComparison.Ordinal)   // invalid authorization
        || pg.SqlState == PostgresErrorCodes.InvalidCatalogName;    // the database does not exist

    internal static object? Scalar(NpgsqlConnection c, NpgsqlTransaction? t, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(c, t, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    internal static int Execute(NpgsqlConnection c, NpgsqlTransaction? t, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(c, t, sql, parameters);
        return command.ExecuteNonQuery();
    }

    internal static NpgsqlCommand Command(NpgsqlConnection c, NpgsqlTransaction? t, string sql, (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, c, t);
        foreach (var (name, value) in parameters) command.Parameters.Add(Parameter(name, value));
        return command;
    }

    internal static NpgsqlBatchCommand BatchCommand(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.Add(Parameter(name, value));
        return command;
    }

    // A null is sent as text: every nullable column here is text, and an untyped null has no type to infer in some positions.
    private static NpgsqlParameter Parameter(string name, object? value) =>
        value is null ? new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Text) { Value = DBNull.Value } : new NpgsqlParameter(name, value);
}
