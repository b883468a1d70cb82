using System.Globalization;
using HtmlAgilityPack;
using PostmortemSearch.Importers.Html;
using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Importers.Confluence;

/// <summary>
/// Rendered Confluence HTML (space HTML export, Word export): drops page chrome, reads Jira issue macros as their
/// key plus a ticket, dates as ISO dates, inline task lists as task lists and code macros with their language.
/// </summary>
internal sealed class ConfluenceHtmlDialect(bool dropPageProperties = true) : HtmlDialect
{
    public static readonly ConfluenceHtmlDialect Page = new();

    private static readonly string[] ChromeIds =
    [
        "breadcrumb-section", "main-header", "footer", "comments-section", "labels-section", "page-children", "likes-and-labels-container",
    ];

    private static readonly string[] ChromeClasses =
    [
        "page-metadata", "pageSection", "toc-macro", "aui-icon", "labels-section", "expand-control-icon", "hidden", "footer-body",
    ];

    public override bool IsDropped(HtmlNode element, HtmlOutlineContext context)
    {
        var id = element.Id ?? "";
        if (id.Length > 0 && ChromeIds.Contains(id, StringComparer.Ordinal)) return true;
        foreach (var cls in ChromeClasses)
            if (element.HasClass(cls)) return true;
        return dropPageProperties && element.HasClass("plugin-tabmeta-details");
    }

    public override string? ReplaceInline(HtmlNode element, HtmlOutlineContext context)
    {
        if (element.HasClass("confluence-jim-macro") || element.HasClass("jira-issue"))
        {
            var key = element.GetAttributeValue("data-jira-key", "").Trim();
            if (key.Length == 0) return null;
            context.AddTicket(JiraTicket(element, key));
            return key;
        }
        if (HtmlTree.IsNamed(element, "time") && element.GetAttributeValue("datetime", "") is { Length: > 0 } datetime)
            return datetime.Trim();
        // "@Lukas Brandt @Marta Nowak" in one cell renders as two links with only a space between: keep them two people.
        if (IsUserMention(element) && PreviousElementSibling(element) is { } before && IsUserMention(before))
            return ", " + HtmlTree.Text(element);
        return null;
    }

    private static bool IsUserMention(HtmlNode e) => HtmlTree.IsNamed(e, "a") && (e.HasClass("user-mention") || e.HasClass("confluence-userlink"));

    /// <summary>The element before <paramref name="e"/> when only whitespace stands between them.</summary>
    private static HtmlNode? PreviousElementSibling(HtmlNode e)
    {
        for (var n = e.PreviousSibling; n is not null; n = n.PreviousSibling)
        {
            if (n.NodeType == HtmlNodeType.Element) return n;
            if (n.NodeType == HtmlNodeType.Text && !string.IsNullOrWhiteSpace(n.InnerText)) return null;
        }
        return null;
    }

    private static TicketRef JiraTicket(HtmlNode macro, string key)
    {
        string? status = null;
        string? summary = null;
        foreach (var e in HtmlTree.Elements(macro))
        {
            if (status is null && e.HasClass("aui-lozenge") && !e.HasClass("issue-placeholder"))
                status = NonEmpty(HtmlTree.Text(e));
            if (summary is null && e.HasClass("summary") && HtmlTree.Text(e) is { Length: > 0 } s && !s.StartsWith("Getting issue details", StringComparison.OrdinalIgnoreCase))
                summary = s;
        }
        return new TicketRef(key, status, summary);
    }

    public override HtmlListKind? ListKind(HtmlNode element)
    {
        var kind = base.ListKind(element);
        return kind is not null && element.HasClass("inline-task-list") ? kind with { IsTaskList = true } : kind;
    }

    public override ListItem ReadTask(HtmlNode item, ListItem plain, HtmlOutlineContext context)
    {
        string? assignee = null;
        DateOnly? due = null;
        foreach (var e in HtmlTree.Elements(item, prune: e => base.ListKind(e) is not null))
        {
            if (assignee is null && IsUserMention(e))
                assignee = NonEmpty(HtmlTree.Text(e))?.TrimStart('@');
            if (due is null && HtmlTree.IsNamed(e, "time"))
                due = ParseIsoDate(e.GetAttributeValue("datetime", ""));
        }
        return plain with { Checked = item.HasClass("checked"), Assignee = assignee, Due = due };
    }

    public override string? CodeLanguage(HtmlNode pre)
    {
        // data-syntaxhighlighter-params="brush: c#; gutter: false; theme: Confluence"
        var parameters = pre.GetAttributeValue("data-syntaxhighlighter-params", "");
        foreach (var part in parameters.Split(';'))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && part[..colon].Trim().Equals("brush", StringComparison.OrdinalIgnoreCase))
                return NonEmpty(part[(colon + 1)..].Trim());
        }
        return null;
    }

    internal static DateOnly? ParseIsoDate(string text) =>
        DateOnly.TryParseExact(text.Trim().Length >= 10 ? text.Trim()[..10] : text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    private static string? NonEmpty(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
