using PostmortemSearch.Core;

namespace PostmortemSearch.Server;

/// <summary>
/// How to build the host. Anything left null comes from configuration (environment variables
/// <c>PMSEARCH_DB</c>, <c>PMSEARCH_API_KEYS</c>, <c>PMSEARCH_MAX_UPLOAD_BYTES</c>, <c>urls</c>) or a default.
/// </summary>
public sealed record ServerOptions
{
    public const string DefaultUrls = "http://127.0.0.1:5080";
    public const long DefaultMaxUploadBytes = 100L * 1024 * 1024;
    /// <summary>Most files (form parts) one upload may hold: as many as one zip may (ImportLimits.MaxZipEntries), not ASP.NET's 1,024.</summary>
    public const int MaxUploadFiles = 10_000;

    /// <summary>How often a replica reads the store's change log for other replicas' writes.</summary>
    public static readonly TimeSpan DefaultCatchUpInterval = TimeSpan.FromSeconds(1);

    public IReadOnlyList<string> Args { get; init; } = [];
    /// <summary>SQLite store file or <c>postgresql://</c> address; ignored when <see cref="Catalog"/> is given.</summary>
    public string? Database { get; init; }
    /// <summary>An already open catalog (the CLI imports into it before serving); the host does not dispose it.</summary>
    public PostmortemCatalog? Catalog { get; init; }
    /// <summary>Semicolon-separated listen addresses, e.g. <c>http://127.0.0.1:5080</c>.</summary>
    public string? Urls { get; init; }
    /// <summary><c>name:role[+restricted]:key;…</c>, as in <c>PMSEARCH_API_KEYS</c>.</summary>
    public string? ApiKeys { get; init; }
    public long? MaxUploadBytes { get; init; }
    /// <summary>Folder of the web UI; default <c>wwwroot</c> next to the executable.</summary>
    public string? WebRoot { get; init; }
    public TimeProvider? Time { get; init; }
    /// <summary>
    /// False when the caller (<c>pmsearch serve</c>) prints the start-up notices and start failures itself, so each is said
    /// once, in one line, instead of again as a log entry (with a stack trace for a busy port).
    /// </summary>
    public bool LogStartupNotices { get; init; } = true;
    /// <summary>Change-log polling interval; default <see cref="DefaultCatchUpInterval"/>.</summary>
    public TimeSpan? CatchUpInterval { get; init; }
}

/// <summary>The host cannot start as configured (e.g. a public address without API keys); the message says why.</summary>
public sealed class ServerStartException(string message) : Exception(message);
