namespace PostmortemSearch.Tests.Cli;

/// <summary>
/// A small corpus for the surface tests (the CLI runs at 2025-12-31): checkout-api has a SEV1 with an unfinished
/// postmortem and an overdue action, payments a clean SEV2, search a SEV3; plus one write-up dated 1628 (an outlier).
/// </summary>
public static class SurfaceDocs
{
    public static string Doc(string title, string service, string severity, string start, string resolved, string status, string? team = null,
        string? detected = null, string? postmortemDate = null, string actionItems = "") => $"""
        ---
        title: "{title}"
        severity: {severity}
        services: [{service}]
        {(team is null ? "" : $"teams: [{team}]")}
        status: {status}
        start: {start}
        {(detected is null ? "" : $"detected: {detected}")}
        resolved: {resolved}
        {(postmortemDate is null ? "" : $"postmortem date: {postmortemDate}")}
        ---
        # {title}

        ## Summary
        {service} failed for a while.

        ## Root Causes
        - The TLS certificate on the load balancer expired.

        ## Action Items
        {actionItems}
        """;

    public static readonly (string Name, string Markdown)[] Corpus =
    [
        ("checkout-sev1.md", Doc("Checkout down after certificate expiry", "checkout-api", "SEV1", "2025-11-02 10:00 UTC", "2025-11-02 12:00 UTC", "Draft",
            team: "payments-team", detected: "2025-11-02 10:20 UTC",
            actionItems: "- [ ] OPS-101 Rotate certificates automatically (owner: jdoe, due: 2025-11-20)\n- [x] OPS-102 Add an expiry alert (owner: asmith, due: 2025-11-10)")),
        ("payments-sev2.md", Doc("Payments slow after a config push", "payments-gateway", "SEV2", "2025-09-10 08:00 UTC", "2025-09-10 09:00 UTC", "Complete",
            team: "payments-team", detected: "2025-09-10 08:05 UTC", postmortemDate: "2025-09-15",
            actionItems: "- [ ] OPS-201 Review config pushes (owner: asmith, due: 2026-02-01)")),
        ("search-sev3.md", Doc("Search latency from pool exhaustion", "search-api", "SEV3", "2025-06-01 09:00 UTC", "2025-06-01 11:00 UTC", "Final",
            team: "search-team", detected: "2025-06-01 09:30 UTC", postmortemDate: "2025-06-05",
            actionItems: "- [ ] OPS-301 Load-test pool sizes (owner: jdoe, due: 2025-07-01)")),
        // As in the real ICCO samples (the Vasa, 1628): ISO times, which the extractor reads for any year.
        ("ancient.md", Doc("A write-up from 1628", "vasa", "SEV3", "1628-08-10T16:00:00Z", "1628-08-10T17:00:00Z", "Final")),
    ];
}
