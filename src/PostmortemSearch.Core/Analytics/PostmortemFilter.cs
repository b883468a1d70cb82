using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Core.Analytics;

/// <summary>
/// Which postmortems a dashboard counts: by service, team and severity (each optional, case-insensitive; severity is the
/// normalised SEV1..SEV5). Used the same way by trends, the quarterly review and the action items.
/// </summary>
public sealed record PostmortemFilter(string? Service = null, string? Team = null, string? Severity = null)
{
    public static PostmortemFilter None { get; } = new();

    public bool IsEmpty => Service is null && Team is null && Severity is null;

    public bool Matches(Postmortem postmortem)
    {
        ArgumentNullException.ThrowIfNull(postmortem);
        return (Service is null || postmortem.Services.Contains(Service, StringComparer.OrdinalIgnoreCase))
            && (Team is null || postmortem.Teams.Contains(Team, StringComparer.OrdinalIgnoreCase))
            && (Severity is null || string.Equals(postmortem.Severity, Severity, StringComparison.OrdinalIgnoreCase));
    }

    public IReadOnlyList<Postmortem> Apply(IReadOnlyList<Postmortem> postmortems)
    {
        ArgumentNullException.ThrowIfNull(postmortems);
        return IsEmpty ? postmortems : [.. postmortems.Where(Matches)];
    }

    /// <summary>"service checkout-api, severity SEV1" for headings and notes; "" when empty.</summary>
    public override string ToString() => string.Join(", ", new[]
    {
        Service is null ? null : $"service {Service}",
        Team is null ? null : $"team {Team}",
        Severity is null ? null : $"severity {Severity}",
    }.OfType<string>());
}
