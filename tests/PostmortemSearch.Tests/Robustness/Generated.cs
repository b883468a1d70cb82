using System.Text;

namespace PostmortemSearch.Tests.Robustness;

/// <summary>
/// Well-formed Markdown postmortems made by code, each with a title word found in no other document
/// (<see cref="Token"/>), a fixed number of action items and timeline lines, so tests can check a stored
/// document is whole and findable.
/// </summary>
internal static class Generated
{
    public const int ActionItemsPerDoc = 3;
    public const int TimelinePerDoc = 4;

    /// <summary>A letters-only word unique to (<paramref name="batch"/>, <paramref name="n"/>); it ends in "x" so no stemmer rule shortens it.</summary>
    public static string Token(string batch, int n)
    {
        var letters = new StringBuilder();
        var value = n;
        do
        {
            letters.Insert(0, (char)('a' + (value % 26)));
            value /= 26;
        } while (value > 0);
        return "qz" + batch + letters.ToString().PadLeft(4, 'a') + "x";
    }

    /// <summary>A postmortem whose summary also carries <paramref name="shared"/>, a word every document of the batch holds.</summary>
    public static string Markdown(string batch, int n, string shared) => $"""
        ---
        title: "Outage {Token(batch, n)} in checkout"
        severity: SEV{1 + (n % 4)}
        services: [svc-{batch}-{n % 7}, checkout-api]
        start: 2025-{1 + (n % 12):00}-{1 + (n % 27):00} 14:02 UTC
        resolved: 2025-{1 + (n % 12):00}-{1 + (n % 27):00} 15:10 UTC
        ---
        # Outage {Token(batch, n)} in checkout

        ## Summary
        The {shared} component returned 502 errors after a certificate expired on load balancer {n}.

        ## Root Causes
        - The TLS certificate on load balancer {n} expired without an alert.

        ## Timeline
        14:02 First errors on checkout.
        14:10 Alert pages the on-call engineer.
        14:40 Certificate renewed.
        15:10 Incident resolved.

        ## Action Items
        | Action | Owner | Due | Status |
        |---|---|---|---|
        | Alert on certificate expiry {n} | alice | 2025-12-01 | Open |
        | Automate renewal {n} | bob | 2025-12-15 | Done |
        | Document the runbook {n} | carol | 2026-01-10 | Open |
        """;

    /// <summary>Writes <paramref name="count"/> postmortems into <paramref name="folder"/> as n.md.</summary>
    public static void WriteFolder(string folder, string batch, int count, string shared)
    {
        Directory.CreateDirectory(folder);
        for (var n = 0; n < count; n++) File.WriteAllText(Path.Combine(folder, $"{batch}-{n:00000}.md"), Markdown(batch, n, shared));
    }
}
