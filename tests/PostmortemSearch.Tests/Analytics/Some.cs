using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Tests.Analytics;

/// <summary>Hand-built postmortems for analytics tests.</summary>
internal static class Some
{
    public static Postmortem Postmortem(
        string id,
        string? start = null,
        string? postmortemDate = null,
        string? resolved = null,
        string[]? rootCauses = null,
        string[]? factors = null,
        string? trigger = null,
        ActionItem[]? actionItems = null,
        string? summary = null,
        TimeSpan? duration = null) => new()
        {
            Id = id,
            Title = "Incident " + id,
            Source = new SourceInfo { Kind = SourceKinds.Markdown, Path = id + ".md" },
            IncidentStart = start is null ? null : Timestamp.TryParse(start, out var s) ? s : throw new ArgumentException(start),
            ResolvedAt = resolved is null ? null : Timestamp.TryParse(resolved, out var r) ? r : throw new ArgumentException(resolved),
            PostmortemDate = postmortemDate is null ? null : DateOnly.Parse(postmortemDate, System.Globalization.CultureInfo.InvariantCulture),
            RootCauses = rootCauses ?? [],
            ContributingFactors = factors ?? [],
            Trigger = trigger,
            ActionItems = actionItems ?? [],
            Summary = summary,
            Duration = duration,
        };

    public static ActionItem Action(string text, ActionStatus status = ActionStatus.Open, string? owner = "sre-team", string? due = null, string? ticket = "OPS-1") => new()
    {
        Text = text,
        Status = status,
        Owner = owner,
        Due = due is null ? null : DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture),
        Ticket = ticket,
    };
}
