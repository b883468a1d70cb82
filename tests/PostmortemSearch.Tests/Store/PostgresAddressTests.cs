using PostmortemSearch.Core.Store;

namespace PostmortemSearch.Tests.Store;

/// <summary><c>--db postgresql://…</c> addresses: parsing, redaction, and an unreachable server (no server needed).</summary>
public sealed class PostgresAddressTests
{
    [Theory]
    [InlineData("postgresql://u:p@db.example:6432/search", "db.example", 6432, "search", "u", "p")]
    [InlineData("postgres://u:p@127.0.0.1/search", "127.0.0.1", 5432, "search", "u", "p")]        // libpq's short scheme; default port
    [InlineData("postgresql://u%40corp:p%2Fw%3Ard@h:5432/my%20db", "h", 5432, "my db", "u@corp", "p/w:rd")] // escaped user, password, name
    [InlineData("postgresql://u@h:5432/search", "h", 5432, "search", "u", null)]                  // password from PGPASSWORD / pgpass
    [InlineData("postgresql://u:p@[::1]:5433/search", "::1", 5433, "search", "u", "p")]
    public void Addresses_become_connection_settings(string address, string host, int port, string database, string user, string? password)
    {
        var builder = PostgresAddress.Parse(address);
        Assert.Equal((host, port, database, user, password), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password));
    }

    [Theory]
    [InlineData("postgresql://u:secret@h:5432", "names no database")]
    [InlineData("postgresql://u:secret@h:5432/a/b", "names no database")]
    [InlineData("postgresql://u:secret@h:5432/db?sslmode=maybe", "sslmode 'maybe'")]
    [InlineData("postgresql://u:secret@h:5432/db?pool=3", "'pool' in")]
    [InlineData("postgresql:///db", "is not a PostgreSQL address")]                                 // no host (a Unix socket form we do not take)
    public void Malformed_addresses_say_what_is_wrong_without_the_password(string address, string problem)
    {
        var e = Assert.Throws<FormatException>(() => PostgresAddress.Parse(address));
        Assert.Contains(problem, e.Message);
        Assert.DoesNotContain("secret", e.Message);
    }

    [Fact]
    public void Query_parameters_set_tls_and_timeouts()
    {
        var builder = PostgresAddress.Parse("postgresql://u:p@h/db?sslmode=require&connect_timeout=3&application_name=replica-a");
        Assert.Equal((Npgsql.SslMode.Require, 3, "replica-a"), (builder.SslMode, builder.Timeout, builder.ApplicationName));
    }

    [Theory]
    [InlineData("postgresql://u:secret@h:5432/db", "postgresql://u:***@h:5432/db")]
    [InlineData("postgresql://u@h:5432/db", "postgresql://u@h:5432/db")]
    [InlineData("data/postmortems.db", "data/postmortems.db")]
    public void Redact_hides_only_the_password(string address, string expected) => Assert.Equal(expected, PostgresAddress.Redact(address));

    [Fact]
    public void A_server_that_does_not_answer_is_unavailable_not_a_crash()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        var e = Assert.Throws<StoreUnavailableException>(() => PostgresPostmortemStore.Open("postgresql://u:secret@127.0.0.1:1/db"));
        Assert.Contains("postgresql://u@127.0.0.1:1/db", e.Message);
        Assert.DoesNotContain("secret", e.Message);
    }
}
