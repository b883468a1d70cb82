using System.Net;
using System.Text.RegularExpressions;
using HtmlAgilityPack;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers.Html;
using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Importers.Confluence;

/// <summary>
/// Confluence storage format (the XHTML stored in <c>entities.xml</c>): <c>ac:structured-macro</c> panels read as
/// body, code macros as code, <c>jira</c> as a ticket, <c>status</c> as its title, <c>ac:task-list</c> as a task list,
/// <c>ri:user</c> as the user's name where the export maps it. Parsed with HtmlAgilityPack, which tolerates the
/// undeclared <c>ac:</c>/<c>ri:</c> prefixes and HTML entities that make storage format invalid XML.
/// </summary>
internal sealed partial class ConfluenceStorageDialect(IReadOnlyDictionary<string, string> userNames, bool dropPageProperties = true) : HtmlDialect
{
    private static readonly HashSet<string> BodyMacros = new(StringComparer.OrdinalIgnoreCase)
    {
        "info", "note", "tip", "warning", "panel", "expand", "details", "section", "column", "excerpt", "excerpt-include",
        "ui-expand", "ui-tab", "ui-tabs", "div", "span", "center", "table-excerpt",
    };

    /// <summary>Navigation and generated-content macros: nothing of the page's own text is lost by dropping them.</summary>
    private static readonly HashSet<string> NavigationMacros = new(StringComparer.OrdinalIgnoreCase)
    {
        "toc", "toc-zone", "children", "pagetree", "recently-updated", "contentbylabel", "attachments", "anchor", "livesearch",
        "create-from-template", "content-report-table", "page-index", "space-details", "profile", "gallery", "viewfile",
    };

    /// <summary>Parses storage XHTML; CDATA sections (code bodies, plain-text link bodies) become escaped text first.</summary>
    public static HtmlNode Parse(string storage, HtmlOutlineContext context) =>
        HtmlTree.Parse(CData().Replace(storage, m => WebUtility.HtmlEncode(m.Groups[1].Value)), context).DocumentNode;

    [GeneratedRegex(@"<!\[CDATA\[(.*?)\]\]>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex CData();

    private static string MacroName(HtmlNode element) => element.GetAttributeValue("ac:name", "");

    private static bool IsMacro(HtmlNode element) =>
        HtmlTree.IsNamed(element, "ac:structured-macro") || HtmlTree.IsNamed(element, "ac:macro");

    public static bool IsPageProperties(HtmlNode element) =>
        IsMacro(element) && string.Equals(MacroName(element), "details", StringComparison.OrdinalIgnoreCase);

    public override bool IsDropped(HtmlNode element, HtmlOutlineContext context)
    {
        switch (element.Name)
        {
            case "ac:parameter" or "ac:task-id" or "ac:task-status" or "ac:task-uuid" or "ac:image" or "ac:emoticon" or "ac:placeholder" or "ac:adf-node":
                return true;
        }
        if (!IsMacro(element)) return false;
        var name = MacroName(element);
        if (dropPageProperties && IsPageProperties(element)) return true;
        if (NavigationMacros.Contains(name)) return true;
        if (BodyMacros.Contains(name) || name is "code" or "noformat" or "jira" or "status") return false;
        if (element.ChildNodes.Any(c => HtmlTree.IsNamed(c, "ac:rich-text-body"))) return false;
        context.Add(DiagnosticSeverity.Info, $"Confluence macro '{name}' has no text of its own and was not imported");
        return true;
    }

    public override Block? ReplaceBlock(HtmlNode element, HtmlOutlineContext context)
    {
        if (!IsMacro(element) || MacroName(element) is not ("code" or "noformat")) return null;
        var body = element.ChildNodes.FirstOrDefault(c => HtmlTree.IsNamed(c, "ac:plain-text-body"));
        var code = body is null ? "" : HtmlOutlineBuilder.CodeText(body);
        return new CodeBlock(code) { Language = Parameter(element, "language") };
    }

    public override string? ReplaceInline(HtmlNode element, HtmlOutlineContext context)
    {
        if (IsMacro(element))
        {
            switch (MacroName(element).ToUpperInvariant())
            {
                case "JIRA" or "JIRAISSUES":
                    if (Parameter(element, "key") is { } key)
                    {
                        context.AddTicket(new TicketRef(key, null, null));
                        return key;
                    }
                    context.Add(DiagnosticSeverity.Info, "a Jira issue list (JQL query) macro was not imported; only single-issue macros become tickets");
                    return "";
                case "STATUS":
                    return Parameter(element, "title") ?? Parameter(element, "colour") ?? "";
            }
            return null;
        }
        switch (element.Name)
        {
            case "ri:user":
                return UserName(element);
            case "ac:link":
                return LinkText(element);
            case "time":
                return element.GetAttributeValue("datetime", "") is { Length: > 0 } datetime ? datetime.Trim() : null;
        }
        return null;
    }

    private string UserName(HtmlNode user)
    {
        foreach (var attribute in new[] { "ri:userkey", "ri:account-id", "ri:username" })
        {
            var id = user.GetAttributeValue(attribute, "");
            if (id.Length > 0) return userNames.TryGetValue(id, out var name) ? name : id;
        }
        return "";
    }

    private string LinkText(HtmlNode link)
    {
        foreach (var child in link.ChildNodes)
            if (child.Name is "ac:link-body" or "ac:plain-text-link-body" && HtmlTree.Text(child) is { Length: > 0 } body)
                return body;
        foreach (var child in link.ChildNodes)
        {
            switch (child.Name)
            {
                case "ri:user":
                    return UserName(child);
                case "ri:page" or "ri:blog-post":
                    return child.GetAttributeValue("ri:content-title", "");
                case "ri:attachment":
                    return child.GetAttributeValue("ri:filename", "");
            }
        }
        return link.GetAttributeValue("ac:anchor", "");
    }

    public override HtmlListKind? ListKind(HtmlNode element) =>
        HtmlTree.IsNamed(element, "ac:task-list") ? new HtmlListKind(Ordered: false, IsTaskList: true) : base.ListKind(element);

    public override bool IsListItem(HtmlNode element) => HtmlTree.IsNamed(element, "ac:task") || base.IsListItem(element);

    public override ListItem ReadTask(HtmlNode item, ListItem plain, HtmlOutlineContext context)
    {
        var status = item.ChildNodes.FirstOrDefault(c => HtmlTree.IsNamed(c, "ac:task-status")) is { } s ? HtmlTree.Text(s) : "";
        string? assignee = null;
        DateOnly? due = null;
        foreach (var e in HtmlTree.Elements(item, prune: e => ListKind(e) is not null))
        {
            if (assignee is null && HtmlTree.IsNamed(e, "ri:user")) assignee = UserName(e) is { Length: > 0 } name ? name : null;
            if (due is null && HtmlTree.IsNamed(e, "time")) due = ConfluenceHtmlDialect.ParseIsoDate(e.GetAttributeValue("datetime", ""));
        }
        return plain with
        {
            Checked = status.Equals("complete", StringComparison.OrdinalIgnoreCase) ? true : status.Length > 0 ? false : null,
            Assignee = assignee,
            Due = due,
        };
    }

    private static string? Parameter(HtmlNode macro, string name)
    {
        foreach (var child in macro.ChildNodes)
            if (HtmlTree.IsNamed(child, "ac:parameter") && string.Equals(child.GetAttributeValue("ac:name", ""), name, StringComparison.OrdinalIgnoreCase))
                return HtmlTree.Text(child) is { Length: > 0 } value ? value : null;
        return null;
    }
}
