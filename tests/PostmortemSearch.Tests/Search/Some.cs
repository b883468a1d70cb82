using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Tests.Search;

/// <summary>Small hand-written postmortems for search tests.</summary>
internal static class Some
{
    public static Postmortem Postmortem(string id, string title, string? summary = null, string? rootCause = null, string? impact = null,
        string service = "checkout", string severity = "SEV2", int year = 2025, int month = 3, bool restricted = false, string? resolution = null,
        IReadOnlyList<Section>? sections = null) => new()
    {
        Id = id,
        Title = title,
        Source = new SourceInfo { Kind = SourceKinds.Markdown, Path = id + ".md" },
        Summary = summary,
        Impact = impact,
        RootCauses = rootCause is null ? [] : [rootCause],
        Resolution = resolution,
        Services = [service],
        Severity = severity,
        Status = "published",
        Tags = ["tag-" + service],
        IncidentStart = Timestamp.Unzoned(new DateTime(year, month, 10, 12, 0, 0)),
        Restricted = restricted,
        Sections = sections ?? [],
    };

    public static List<Postmortem> Corpus() =>
    [
        Postmortem("pm-1", "Checkout latency after deploy", "Checkout p99 latency rose after the 14:00 deploy of checkout-api.",
            rootCause: "A config change disabled the connection pool.", service: "checkout", severity: "SEV2", year: 2025, month: 3,
            sections: [new Section("Root cause", "rootCauses", "A config change disabled the connection pool.")]),
        Postmortem("pm-2", "Payments pods OOMKilled", "Payments pods were OOMKilled repeatedly in us-east-1.",
            rootCause: "A memory leak in the card tokenizer.", service: "payments", severity: "SEV1", year: 2024, month: 11),
        Postmortem("pm-3", "Expired TLS certificate on edge", "The edge certificate expired and clients saw TLS handshake failures.",
            rootCause: "Certificate renewal job silently failed.", service: "edge-proxy", severity: "SEV1", year: 2025, month: 7),
        Postmortem("pm-4", "Database replication lag", "Replica lag on the orders database caused stale reads.",
            rootCause: "A long-running migration held locks.", service: "orders", severity: "SEV3", year: 2023, month: 5),
        Postmortem("pm-5", "502 errors on load balancer", "The load balancer returned 502 errors during a rollout.",
            rootCause: "Health checks failed during the deployment.", service: "api-gateway", severity: "SEV2", year: 2025, month: 1),
        Postmortem("pm-6", "Secret restricted incident", "Checkout latency caused by a secret vendor outage.",
            rootCause: "Vendor outage.", service: "checkout", severity: "SEV2", year: 2025, month: 2, restricted: true),
        Postmortem("pm-7", "Out of memory in search indexer", "The search indexer ran out of memory during reindex.",
            rootCause: "Unbounded batch size.", service: "search", severity: "SEV3", year: 2024, month: 6),
        Postmortem("pm-8", "DNS resolution failure", "Internal DNS resolution failed for ten minutes; the connection pool was fine.",
            rootCause: "Resolver config push with a typo.", service: "auth", severity: "SEV2", year: 2024, month: 2),
    ];
}
