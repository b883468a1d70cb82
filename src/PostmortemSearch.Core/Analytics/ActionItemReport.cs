using System.Globalization;
using System.Text;
using System.Text.Json;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Core.Analytics;

/// <summary>One action item with the postmortem it belongs to and the link to its ticket.</summary>
public sealed record ActionItemEntry(
    string PostmortemId, string PostmortemTitle, string Text, string? Owner, IReadOnlyList<string> Teams, IReadOnlyList<string> Services,
    string? Severity, DateOnly? Due, ActionStatus Status, bool Overdue, int? DaysOverdue, string? Ticket, string? TicketUrl, string? Priority);

/// <summary>The items of one owner in one team, oldest due first; Owner or Team is null when the items name none (Markdown says "(no owner)", CSV leaves the cell empty).</summary>
public sealed record ActionItemGroup(string? Owner, string? Team, DateOnly? OldestDue, IReadOnlyList<ActionItemEntry> Items);

/// <summary>The outstanding action-item report a cron job posts to chat: grouped by owner and team, oldest due first.</summary>
public sealed record ActionItemReport(DateOnly AsOf, string Status, string Filter, int Total, IReadOnlyList<ActionItemGroup> Groups)
{
    /// <summary>Which service, team or owner of the filter nothing names (a typo turns the report into good news otherwise); null when all occur.</summary>
    public string? FilterNote { get; init; }
}

/// <summary>Which action items: status (open = not done, overdue, done; null = all), owner, and the postmortem filter.</summary>
public sealed record ActionItemQuery(string? Status = null, string? Owner = null, PostmortemFilter? Filter = null)
{
    public static readonly string[] Statuses = ["open", "overdue", "done"];

    /// <summary>"service checkout-api, owner jdoe"; "" when nothing is filtered (the status is said apart).</summary>
    public string Describe() =>
        string.Join(", ", new[] { (Filter ?? PostmortemFilter.None).ToString(), Owner is null ? "" : $"owner {Owner}" }.Where(s => s.Length > 0));
}

public static class ActionItems
{
    public const string NoOwner = "(no owner)";
    public const string NoTeam = "(no team)";

    /// <summary>Every item matching <paramref name="query"/>, oldest due first (undated last), then by postmortem and text.</summary>
    public static IReadOnlyList<ActionItemEntry> List(IReadOnlyList<Postmortem> postmortems, ActionItemQuery query, DateOnly asOf, TicketLinks? links = null)
    {
        ArgumentNullException.ThrowIfNull(postmortems);
        ArgumentNullException.ThrowIfNull(query);
        links ??= TicketLinks.None;
        var filter = query.Filter ?? PostmortemFilter.None;
        return [.. filter.Apply(postmortems)
            .SelectMany(p => p.ActionItems.Select(a => Entry(p, a, asOf, links)))
            .Where(e => query.Status switch
            {
                "open" => e.Status != ActionStatus.Done,
                "overdue" => e.Overdue,
                "done" => e.Status == ActionStatus.Done,
                _ => true,
            })
            .Where(e => query.Owner is null || string.Equals(e.Owner, query.Owner, StringComparison.OrdinalIgnoreCase))
            .OrderBy(e => e.Due ?? DateOnly.MaxValue).ThenBy(e => e.PostmortemId, StringComparer.Ordinal).ThenBy(e => e.Text, StringComparer.Ordinal)];
    }

    /// <summary>Overdue = open with a due date before <paramref name="asOf"/> (Trends.IsOverdue: "unknown" is never overdue).</summary>
    private static ActionItemEntry Entry(Postmortem p, ActionItem a, DateOnly asOf, TicketLinks links)
    {
        var overdue = Trends.IsOverdue(a, asOf);
        return new ActionItemEntry(p.Id, p.Title, a.Text, a.Owner, p.Teams, p.Services, p.Severity, a.Due, a.Status, overdue,
            overdue ? asOf.DayNumber - a.Due!.Value.DayNumber : null, a.Ticket, links.UrlFor(a.Ticket), a.Priority);
    }

    /// <summary>The report: groups by (owner, team), the group with the oldest due item first; items oldest due first.</summary>
    public static ActionItemReport Report(IReadOnlyList<Postmortem> postmortems, ActionItemQuery query, DateOnly asOf, TicketLinks? links = null)
    {
        var items = List(postmortems, query, asOf, links);
        var groups = items
            .GroupBy(e => (e.Owner, Team: e.Teams.Count > 0 ? string.Join(", ", e.Teams) : null))
            .Select(g => new ActionItemGroup(g.Key.Owner, g.Key.Team, g.Min(e => e.Due), [.. g]))
            .OrderBy(g => g.OldestDue ?? DateOnly.MaxValue).ThenBy(g => g.Owner, StringComparer.OrdinalIgnoreCase).ThenBy(g => g.Team, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new ActionItemReport(asOf, query.Status ?? "all", query.Describe(), items.Count, groups) { FilterNote = Unmatched(postmortems, query) };
    }

    /// <summary>
    /// The filter's names that nothing carries: a service or team no postmortem names, an owner no action item has
    /// ("no action items are owned by 'keisha'; check the name (known: …)"). Null when each occurs.
    /// </summary>
    public static string? Unmatched(IReadOnlyList<Postmortem> postmortems, ActionItemQuery query)
    {
        ArgumentNullException.ThrowIfNull(postmortems);
        ArgumentNullException.ThrowIfNull(query);
        var notes = new List<string>();
        if ((query.Filter ?? PostmortemFilter.None).Unmatched(postmortems) is { } names) notes.Add(names);
        if (query.Owner is { } owner
            && PostmortemFilter.UnknownName($"no action item is owned by '{owner}'", owner, postmortems.SelectMany(p => p.ActionItems).Select(a => a.Owner).OfType<string>()) is { } unknown)
            notes.Add(unknown);
        return notes.Count == 0 ? null : string.Join("; ", notes);
    }

    public static string ToMarkdown(ActionItemReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"## {Title(report)} — {report.AsOf:yyyy-MM-dd}\n\n");
        if (report.FilterNote is { } note) md.Append("> ⚠ ").Append(Escape(note)).Append(".\n\n");
        if (report.Total == 0) return md.Append("Nothing outstanding.\n").ToString();
        md.Append(CultureInfo.InvariantCulture, $"{report.Total} item{(report.Total == 1 ? "" : "s")} for {report.Groups.Count} owner/team pair{(report.Groups.Count == 1 ? "" : "s")}, oldest due first.\n");
        foreach (var group in report.Groups)
        {
            md.Append(CultureInfo.InvariantCulture, $"\n### {Escape(group.Owner ?? NoOwner)} · {Escape(group.Team ?? NoTeam)} ({group.Items.Count})\n\n");
            foreach (var e in group.Items)
            {
                var ticket = e.Ticket is null ? "" : e.TicketUrl is null ? $" · {Escape(e.Ticket)}" : $" · [{Escape(e.Ticket)}]({e.TicketUrl})";
                var due = e.Due is { } d ? $"due {d:yyyy-MM-dd}" + (e.DaysOverdue is { } late ? $" (**{late} days overdue**)" : "") : "no due date";
                md.Append(CultureInfo.InvariantCulture, $"- {due} — {Escape(e.Text)}{ticket} — _{Escape(e.PostmortemTitle)}_ (`{e.PostmortemId}`)\n");
            }
        }
        return md.ToString();
    }

    public static string ToCsv(ActionItemReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder("owner,team,due,days_overdue,status,action,ticket,ticket_url,postmortem_id,postmortem_title,services,severity\n");
        foreach (var group in report.Groups)
        foreach (var e in group.Items)
        {
            string[] cells =
            [
                group.Owner ?? "", group.Team ?? "", e.Due?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", e.DaysOverdue?.ToString(CultureInfo.InvariantCulture) ?? "",
                e.Overdue ? "overdue" : e.Status.ToString().ToLowerInvariant(), e.Text, e.Ticket ?? "", e.TicketUrl ?? "", e.PostmortemId, e.PostmortemTitle,
                string.Join("; ", e.Services), e.Severity ?? "",
            ];
            csv.Append(string.Join(',', cells.Select(Cell))).Append('\n');
        }
        return csv.ToString();
    }

    public static string ToJson(ActionItemReport report) => JsonSerializer.Serialize(report, PostmortemJson.Indented) + "\n";

    private static string Title(ActionItemReport report) => (report.Status switch
    {
        "overdue" => "Overdue action items",
        "open" => "Open action items",
        "done" => "Completed action items",
        _ => "Action items",
    }) + (report.Filter.Length > 0 ? $" ({report.Filter})" : "");

    /// <summary>Markdown-significant characters escaped, so an item's text cannot turn into links or headings in chat.</summary>
    private static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.ReplaceLineEndings(" "))
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '|') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet does not run it as a formula.</summary>
    private static string Cell(string value)
    {
        var v = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' ? "'" + value : value;
        return v.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }
}
