using System.Globalization;
using Npgsql;

namespace PostmortemSearch.Core.Store;

/// <summary>
/// A <c>postgresql://user:password@host:5432/name?sslmode=require</c> address (the libpq URI form, also
/// <c>postgres://</c>) turned into an Npgsql connection string. A missing password is left to Npgsql, which reads
/// <c>PGPASSWORD</c> or the pgpass file.
/// </summary>
public static class PostgresAddress
{
    /// <summary>True when <paramref name="db"/> names a PostgreSQL database rather than a SQLite file.</summary>
    public static bool IsPostgres(string db) =>
        db.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || db.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses the address; a malformed one is a <see cref="FormatException"/> saying what is wrong (the password is never repeated).</summary>
    public static NpgsqlConnectionStringBuilder Parse(string address)
    {
        if (!IsPostgres(address) || !Uri.TryCreate(address, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new FormatException($"'{Redact(address)}' is not a PostgreSQL address; expected postgresql://user:password@host:5432/name");
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0 || database.Contains('/', StringComparison.Ordinal))
            throw new FormatException($"'{Redact(address)}' names no database; expected postgresql://user:password@host:5432/name");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = database,
            ApplicationName = "pmsearch",
            // An unreachable database should turn into a clear 503 quickly, not hang a request for the default 15 s.
            Timeout = 5,
            CommandTimeout = 60,
        };
        var user = uri.UserInfo.Split(':', 2);
        if (user[0].Length > 0) builder.Username = Uri.UnescapeDataString(user[0]);
        if (user.Length > 1) builder.Password = Uri.UnescapeDataString(user[1]);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "";
            switch (key.ToLowerInvariant())
            {
                case "sslmode":
                    builder.SslMode = value.ToLowerInvariant() switch
                    {
                        "disable" => SslMode.Disable,
                        "allow" => SslMode.Allow,
                        "prefer" => SslMode.Prefer,
                        "require" => SslMode.Require,
                        "verify-ca" => SslMode.VerifyCA,
                        "verify-full" => SslMode.VerifyFull,
                        _ => throw new FormatException($"sslmode '{value}' in '{Redact(address)}' is not one of disable, allow, prefer, require, verify-ca, verify-full"),
                    };
                    break;
                case "connect_timeout":
                    builder.Timeout = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                        ? seconds : throw new FormatException($"connect_timeout '{value}' in '{Redact(address)}' is not a number of seconds");
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                default:
                    throw new FormatException($"'{key}' in '{Redact(address)}' is not a supported parameter (sslmode, connect_timeout, application_name)");
            }
        }
        return builder;
    }

    /// <summary>The address with its password replaced by <c>***</c>, safe to print and log.</summary>
    public static string Redact(string address)
    {
        var at = address.LastIndexOf('@');
        var scheme = address.IndexOf("://", StringComparison.Ordinal);
        if (at < 0 || scheme < 0 || at < scheme) return address;
        var colon = address.IndexOf(':', scheme + 3);
        return colon > 0 && colon < at ? address[..(colon + 1)] + "***" + address[at..] : address;
    }
}
