using HtmlAgilityPack;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Importers.Html;

/// <summary>
/// What one HTML flavour (Confluence export, Confluence storage format, Google Docs) tells the shared
/// <see cref="HtmlOutlineBuilder"/>: which elements are chrome, which are macros with their own text, how bold,
/// lists and tasks are marked. The defaults describe plain HTML.
/// </summary>
internal class HtmlDialect
{
    public static readonly HtmlDialect Plain = new();

    /// <summary>Elements dropped with their content (navigation, page chrome, macro parameters).</summary>
    public virtual bool IsDropped(HtmlNode element, HtmlOutlineContext context) => false;

    /// <summary>Inline text standing for the whole element (a Jira macro is its key); null to read the element normally.</summary>
    public virtual string? ReplaceInline(HtmlNode element, HtmlOutlineContext context) => null;

    /// <summary>A block standing for the whole element (a code macro); null to read the element normally.</summary>
    public virtual Block? ReplaceBlock(HtmlNode element, HtmlOutlineContext context) => null;

    /// <summary>Whether the element makes its text bold (true), not bold (false), or leaves it as inherited (null).</summary>
    public virtual bool? IsBold(HtmlNode element) => null;

    /// <summary>Describes a list element, or null when the element is not a list.</summary>
    public virtual HtmlListKind? ListKind(HtmlNode element) =>
        HtmlTree.IsNamed(element, "ul") ? new HtmlListKind(Ordered: false)
        : HtmlTree.IsNamed(element, "ol") ? new HtmlListKind(Ordered: true)
        : null;

    public virtual bool IsListItem(HtmlNode element) => HtmlTree.IsNamed(element, "li");

    /// <summary>Adds task state (checked, assignee, due) to an item of a task list.</summary>
    public virtual ListItem ReadTask(HtmlNode item, ListItem plain, HtmlOutlineContext context) => plain;

    public virtual string? CodeLanguage(HtmlNode pre) => null;

    /// <summary>Whether rows inside &lt;thead&gt; count as header rows (Google Docs exports wrap whole tables in one).</summary>
    public virtual bool TheadIsHeader => true;
}

/// <summary>
/// A list as the dialect sees it. <see cref="GroupKey"/> joins consecutive sibling lists into one (Google Docs
/// writes one &lt;ul&gt; per nesting level); <see cref="Level"/> then gives the level instead of the nesting depth.
/// </summary>
internal sealed record HtmlListKind(bool Ordered, bool IsTaskList = false, string? GroupKey = null, int? Level = null);

/// <summary>What a build collects besides blocks: tickets seen in macros and diagnostics.</summary>
internal sealed class HtmlOutlineContext
{
    private readonly List<TicketRef> _tickets = [];
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly HashSet<string> _diagnosticMessages = new(StringComparer.Ordinal);

    public IReadOnlyList<TicketRef> Tickets => _tickets;
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    public void AddTicket(TicketRef ticket)
    {
        var existing = _tickets.FindIndex(t => string.Equals(t.Key, ticket.Key, StringComparison.OrdinalIgnoreCase));
        if (existing < 0) _tickets.Add(ticket);
        else if (_tickets[existing].Status is null && ticket.Status is not null) _tickets[existing] = ticket;
    }

    /// <summary>Records a diagnostic once: a page with forty unknown macros of one kind gets one line.</summary>
    public void Add(DiagnosticSeverity severity, string message)
    {
        if (_diagnosticMessages.Add(message)) _diagnostics.Add(new Diagnostic(severity, message));
    }
}
