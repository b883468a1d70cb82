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

    /// <summary>
    /// For each service or team of the filter that no postmortem names (a typo, most often): "no incidents recorded for
    /// team 'paymnets'; check the name (known: …)". Null when every named value occurs.
    /// </summary>
    public string? Unmatched(IReadOnlyList<Postmortem> postmortems)
    {
        ArgumentNullException.ThrowIfNull(postmortems);
        var notes = new List<string>();
        if (Service is not null) Check("service", Service, p => p.Services);
        if (Team is not null) Check("team", Team, p => p.Teams);
        return notes.Count == 0 ? null : string.Join("; ", notes);

        void Check(string dimension, string value, Func<Postmortem, IReadOnlyList<string>> values)
        {
            if (UnknownName($"no incidents recorded for {dimension} '{value}'", value, postmortems.SelectMany(values)) is { } note) notes.Add(note);
        }
    }

    /// <summary>"{what}; check the name (known: a, b, …)" when <paramref name="value"/> is none of <paramref name="names"/> (any case); null when it is one.</summary>
    public static string? UnknownName(string what, string value, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var distinct = names.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (distinct.Contains(value, StringComparer.OrdinalIgnoreCase)) return null;
        var known = distinct.Order(StringComparer.OrdinalIgnoreCase).Take(12).ToList();
        return $"{what}; check the name{(known.Count > 0 ? $" (known: {string.Join(", ", known)})" : "")}";
    }

    /// <summary>"service checkout-api, severity SEV1" for headings and notes; "" when empty.</summary>
    public override string ToString() => string.Join(", ", new[]
    {
        Service is null ? null : $"service {Service}",
        Team is null ? null : $"team {Team}",
        Severity is null ? null : $"severity {Severity}",
    }.OfType<string>());
}
