using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Core.Analytics;

/// <summary>
/// The release gate's thresholds: incidents of these severities must have a completed postmortem
/// <see cref="PostmortemDays"/> days after they were resolved, and no action item overdue by more than
/// <see cref="GraceDays"/> days.
/// </summary>
public sealed record GateOptions
{
    public IReadOnlyList<string> Severities { get; init; } = ["SEV1", "SEV2"];
    public int PostmortemDays { get; init; } = 5;
    public int GraceDays { get; init; }

    /// <summary>
    /// Fail when no incident names the service at all. Off by default (most services never had an incident); on in a
    /// pipeline whose service name should be caught if it is misspelt (<c>--strict</c>, <c>strict=true</c>).
    /// </summary>
    public bool Strict { get; init; }

    /// <summary>
    /// The defaults, overridden by <c>PMSEARCH_GATE_SEVERITIES</c> (e.g. <c>SEV1,SEV2</c>), <c>PMSEARCH_GATE_POSTMORTEM_DAYS</c>
    /// and <c>PMSEARCH_GATE_OVERDUE_GRACE_DAYS</c> as <paramref name="setting"/> returns them; a bad value throws
    /// <see cref="FormatException"/> naming the setting.
    /// </summary>
    public static GateOptions Read(Func<string, string?> setting, Func<string, string?> normalizeSeverity)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(normalizeSeverity);
        var options = new GateOptions();
        if (setting("PMSEARCH_GATE_SEVERITIES") is { Length: > 0 } severities)
            options = options with { Severities = ParseSeverities(severities, normalizeSeverity) ?? throw new FormatException($"PMSEARCH_GATE_SEVERITIES='{severities}' is not a list of severities like SEV1,SEV2") };
        if (setting("PMSEARCH_GATE_POSTMORTEM_DAYS") is { Length: > 0 } days)
            options = options with { PostmortemDays = Days(days) ?? throw new FormatException($"PMSEARCH_GATE_POSTMORTEM_DAYS='{days}' is not a number of days (0-3650)") };
        if (setting("PMSEARCH_GATE_OVERDUE_GRACE_DAYS") is { Length: > 0 } grace)
            options = options with { GraceDays = Days(grace) ?? throw new FormatException($"PMSEARCH_GATE_OVERDUE_GRACE_DAYS='{grace}' is not a number of days (0-3650)") };
        return options;
    }

    /// <summary>"SEV1,sev-2 P3" → [SEV1, SEV2, SEV3]; null when any part is not a severity.</summary>
    public static IReadOnlyList<string>? ParseSeverities(string text, Func<string, string?> normalizeSeverity)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(normalizeSeverity);
        var parts = text.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var list = parts.Select(normalizeSeverity).ToList();
        return parts.Length == 0 || list.Any(s => s is null) ? null : [.. list.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public static int? Days(string text) =>
        int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d) && d <= 3650 ? d : null;
}

/// <summary>Why the gate fails: one incident and what is outstanding on it.</summary>
public sealed record GateReason(string PostmortemId, string Title, string? Severity, string Kind, string Message);

/// <summary>What <c>pmsearch gate SERVICE</c> and <c>GET /api/gate</c> answer; <see cref="Pass"/> decides the exit code.</summary>
public sealed record GateResult(string Service, bool Pass, DateOnly AsOf, GateOptions Options, int IncidentsChecked, IReadOnlyList<GateReason> Reasons, string? Note);

/// <summary>
/// "Block new releases for teams with outstanding postmortems; no critical unresolved actions": a pure decision over the
/// postmortems, for CI pipelines.
/// </summary>
public static class ReleaseGate
{
    public const string MissingPostmortem = "postmortem-not-completed";
    public const string OverdueAction = "overdue-action-item";
    public const string UnknownService = "unknown-service";

    /// <summary>Statuses that mean the write-up is finished (case-insensitive); anything else (draft, in review, …) is not.</summary>
    public static readonly IReadOnlySet<string> CompletedStatuses = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "complete", "completed", "done", "final", "published", "reviewed", "approved", "closed", "resolved",
    };

    /// <summary>
    /// Completed when its status says so; a document without any status counts as completed once it carries a
    /// postmortem date (it was written and dated), since many templates have no status field.
    /// </summary>
    public static bool IsCompleted(Postmortem postmortem)
    {
        ArgumentNullException.ThrowIfNull(postmortem);
        return postmortem.Status is { } status ? CompletedStatuses.Contains(status.Trim()) : postmortem.PostmortemDate is not null;
    }

    public static GateResult Evaluate(IReadOnlyList<Postmortem> postmortems, string service, GateOptions options, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(postmortems);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        var ofService = postmortems.Where(p => p.Services.Contains(service, StringComparer.OrdinalIgnoreCase)).ToList();
        var gated = ofService.Where(p => p.Severity is { } s && options.Severities.Contains(s, StringComparer.OrdinalIgnoreCase))
            .OrderBy(p => IncidentTime.DateOf(p) ?? DateOnly.MinValue).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
        var reasons = new List<GateReason>();
        foreach (var p in gated)
        {
            if (p.ResolvedAt is { } resolved && !IsCompleted(p))
            {
                var due = resolved.Date.AddDays(options.PostmortemDays);
                if (asOf > due)
                    reasons.Add(new GateReason(p.Id, p.Title, p.Severity, MissingPostmortem,
                        $"{p.Severity} '{p.Title}' resolved {resolved.Date:yyyy-MM-dd}: postmortem is '{p.Status ?? "undated, no status"}', not completed {asOf.DayNumber - resolved.Date.DayNumber} days later (allowed {options.PostmortemDays})"));
            }
            foreach (var item in p.ActionItems.Where(a => a.Status == ActionStatus.Open && a.Due is { } d && asOf.DayNumber - d.DayNumber > options.GraceDays))
                reasons.Add(new GateReason(p.Id, p.Title, p.Severity, OverdueAction,
                    $"{p.Severity} '{p.Title}': action item '{item.Text}'{(item.Owner is null ? "" : $" (owner {item.Owner})")} was due {item.Due:yyyy-MM-dd}, {asOf.DayNumber - item.Due!.Value.DayNumber} days overdue"));
        }
        var note = ofService.Count == 0 ? new PostmortemFilter(Service: service).Unmatched(postmortems) : null;
        if (note is not null && options.Strict) reasons.Add(new GateReason("", "", null, UnknownService, $"strict: {note}"));
        return new GateResult(service, reasons.Count == 0, asOf, options, gated.Count, reasons, note);
    }
}
