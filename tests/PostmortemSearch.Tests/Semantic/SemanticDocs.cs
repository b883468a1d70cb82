namespace PostmortemSearch.Tests.Semantic;

/// <summary>
/// Five small Markdown postmortems for the semantic surface tests, with paraphrased queries: one that lexical search
/// cannot find at all (no shared word) and one worded differently from its document.
/// </summary>
public static class SemanticDocs
{
    public const string CertificateTitle = "Storefront down: edge certificate lapsed";
    public const string RestrictedTitle = "Payroll export placed in the wrong bucket";

    /// <summary>Means the certificate incident in other words ("letsencrypt", "https").</summary>
    public const string CertificateParaphrase = "https stopped working because letsencrypt did not renew";

    /// <summary>Means the restricted incident and shares no word with it ("leaked" is the memory incident's word).</summary>
    public const string RestrictedParaphrase = "employee pay file leaked online";

    public static IReadOnlyList<(string Name, string Markdown)> All =>
    [
        ("cert.md", Doc(CertificateTitle, "storefront", "The shop was unreachable for 40 minutes.",
            "The TLS certificate on the edge proxy expired: its automated renewal job had been failing silently for weeks.")),
        ("pool.md", Doc("Orders API slow: connection pool exhausted after failover", "orders-api", "Order placement timed out for 25 minutes.",
            "A Postgres primary failover made clients retry aggressively; retries multiplied load and every pod's database pool stayed saturated.")),
        ("auth.md", Doc("Login errors: auth service ran out of database connections", "auth", "Users could not sign in for 15 minutes.",
            "A slow query held database connections; the auth service's pool was exhausted and new logins waited until they timed out.")),
        ("oom.md", Doc("Cart pods killed for memory", "cart", "Carts emptied randomly for an hour.",
            "A session map leaked; the kernel OOM killer terminated the cart containers again and again.")),
        ("payroll.md", Doc(RestrictedTitle, "hr-exports", "An HR export sat in a storage location with open access for two days.",
            "A storage bucket policy allowed public reads of objects.", restricted: true)),
    ];

    private static string Doc(string title, string service, string summary, string cause, bool restricted = false) => $"""
        ---
        title: "{title}"
        severity: SEV2
        services: [{service}]
        restricted: {(restricted ? "yes" : "no")}
        start: 2025-03-04 14:02 UTC
        resolved: 2025-03-04 15:10 UTC
        ---
        # {title}

        ## Summary
        {summary}

        ## Root Causes
        - {cause}
        """;
}
