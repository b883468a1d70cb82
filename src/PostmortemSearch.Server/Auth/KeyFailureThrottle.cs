using System.Collections.Concurrent;

namespace PostmortemSearch.Server.Auth;

/// <summary>
/// Counts wrong API keys per client address: after <see cref="MaxFailures"/> in one <see cref="Window"/> the client is
/// refused (429) until the window ends, so keys cannot be guessed at thousands per second. Each client's failures
/// are logged once per window, with its address, instead of two lines per attempt.
/// </summary>
public sealed class KeyFailureThrottle(TimeProvider time, ILoggerFactory logs)
{
    public const int MaxFailures = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const int MaxTrackedClients = 10_000;

    private sealed class Entry
    {
        public DateTimeOffset Start;
        public int Failures;
    }

    private readonly ConcurrentDictionary<string, Entry> _clients = new(StringComparer.Ordinal);
    private readonly ILogger _log = logs.CreateLogger("PostmortemSearch.Server.Auth.KeyFailures");

    /// <summary>When the client may try again, or null when it is not blocked.</summary>
    public TimeSpan? BlockedFor(string client)
    {
        if (!_clients.TryGetValue(client, out var entry)) return null;
        lock (entry)
        {
            var left = entry.Start + Window - time.GetUtcNow();
            return entry.Failures >= MaxFailures && left > TimeSpan.Zero ? left : null;
        }
    }

    public void RecordFailure(string client)
    {
        if (_clients.Count > MaxTrackedClients) Prune();
        var entry = _clients.GetOrAdd(client, _ => new Entry { Start = time.GetUtcNow() });
        int failures;
        lock (entry)
        {
            var now = time.GetUtcNow();
            if (now - entry.Start >= Window)
            {
                entry.Start = now;
                entry.Failures = 0;
            }
            failures = ++entry.Failures;
        }
        if (failures == 1) _log.LogWarning("unknown API key from {Client}; further failures from this address in the next minute are counted, not logged", client);
        else if (failures == MaxFailures) _log.LogWarning("{Client} sent {Failures} unknown API keys within a minute: refusing its requests (429) until the minute is over", client, failures);
    }

    private void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var (client, entry) in _clients)
        {
            if (now - entry.Start >= Window) _clients.TryRemove(client, out _);
        }
    }
}
