using System.Text.RegularExpressions;
using HtmlAgilityPack;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers.Html;
using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Importers.Confluence;

/// <summary>
/// One page file of a Confluence space HTML export (Server and Cloud). The space's <c>index.html</c>
/// (space details and page tree) holds no document.
/// </summary>
internal sealed partial class ConfluenceHtmlReader : IDocumentReader
{
    public string Kind => SourceKinds.ConfluenceHtml;

    private static readonly string[] ExportMarkers =
    [
        "id=\"main-header\"", "breadcrumb-section", "page-metadata", "title-heading", "confluenceTable", "wiki-content", "confluence",
    ];

    public bool CanRead(SourceFile file)
    {
        if (file.Extension is not (".html" or ".htm") || file.Content.IsEmpty) return false;
        var head = HtmlTree.Head(file.Content, 4096);
        if (!ExportMarkers.Any(m => head.Contains(m, StringComparison.OrdinalIgnoreCase))) return false;
        return !GoogleDocsMarkers.Any(HtmlTree.Head(file.Content, 65536).Contains);
    }

    // Google Docs HTML belongs to its own reader even when its text mentions Confluence.
    private static readonly string[] GoogleDocsMarkers = ["doc-content", "docs-internal-guid", "lst-kix_"];

    /// <summary>The only file this reader reads to nothing: the space's index.html.</summary>
    public string NoDocumentReason => "a Confluence space index (\"Space Details\" and the list of the export's pages), not a page of its own";

    public IReadOnlyList<ReadDocument> Read(SourceFile file)
    {
        if (file.Content.IsEmpty) throw new ImportException($"{file.FileName} is empty");
        var context = new HtmlOutlineContext();
        var root = HtmlTree.Load(file.Content, context).DocumentNode;
        if (IsSpaceIndex(root)) return [];
        if (HtmlTree.First(root, e => HtmlTree.IsNamed(e, "body")) is null && HtmlTree.Text(root).Length == 0)
            throw new ImportException($"{file.FileName} has no HTML content");

        var title = Title(root);
        var content = HtmlTree.First(root, e => e.Id == "main-content")
            ?? HtmlTree.First(root, e => HtmlTree.IsNamed(e, "body"))
            ?? root;
        var blocks = HtmlOutlineBuilder.Build(content, ConfluenceHtmlDialect.Page, context);
        if (title is not null && blocks is [HeadingBlock first, ..] && first.Text == title) blocks = blocks.Skip(1).ToList();

        var byline = Byline(root);
        if (byline?.UnreadDate is { } unread)
            context.Add(DiagnosticSeverity.Warning, $"could not read the date '{unread}' in the page byline");
        var outline = new DocumentOutline
        {
            Title = title,
            Metadata = PageProperties(root, context),
            Authors = byline?.Authors ?? [],
            Created = byline?.Created,
            Modified = byline?.Modified,
            Labels = Labels(root),
            Tickets = context.Tickets,
            Blocks = blocks,
            Diagnostics = context.Diagnostics,
        };
        var pageId = PageIdInFileName().Match(file.FileName);
        return [new ReadDocument { Outline = outline, SourceKey = pageId.Success ? "confluence:" + pageId.Groups[1].Value : null }];
    }

    /// <summary>Export pages are named <c>Title_123.html</c> or <c>123.html</c>; the number is the page id.</summary>
    [GeneratedRegex(@"(?:^|_)(\d+)\.html?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PageIdInFileName();

    private static bool IsSpaceIndex(HtmlNode root)
    {
        var titleText = HtmlTree.First(root, e => e.Id == "title-text");
        if (titleText is not null && HtmlTree.Text(titleText).StartsWith("Space Details", StringComparison.OrdinalIgnoreCase)) return true;
        if (HtmlTree.Elements(root).Any(e => e.HasClass("pageSectionTitle") && HtmlTree.Text(e).StartsWith("Available Pages", StringComparison.OrdinalIgnoreCase)))
            return true;
        // Localised exports: the index has no byline and its main content is itself a page section.
        var main = HtmlTree.First(root, e => e.Id == "main-content");
        return main is not null && main.HasClass("pageSection") && HtmlTree.First(root, e => e.HasClass("page-metadata")) is null;
    }

    private static string? Title(HtmlNode root)
    {
        var spaceName = HtmlTree.First(root, e => e.Id == "breadcrumbs") is { } crumbs
            && HtmlTree.First(crumbs, e => HtmlTree.IsNamed(e, "li")) is { } first
            ? HtmlTree.Text(first)
            : null;
        foreach (var candidate in new[]
        {
            HtmlTree.First(root, e => e.Id == "title-text"),
            HtmlTree.First(root, e => HtmlTree.IsNamed(e, "title")),
        })
        {
            if (candidate is null) continue;
            var text = HtmlTree.Text(candidate);
            if (text.Length == 0) continue;
            if (spaceName is { Length: > 0 } && text.StartsWith(spaceName + " : ", StringComparison.Ordinal)) return text[(spaceName.Length + 3)..].Trim();
            var separator = text.IndexOf(" : ", StringComparison.Ordinal);
            return separator >= 0 ? text[(separator + 3)..].Trim() : text;
        }
        return null;
    }

    private static ConfluencePageByline? Byline(HtmlNode root)
    {
        var metadata = HtmlTree.First(root, e => e.HasClass("page-metadata"));
        if (metadata is null) return null;
        var author = HtmlTree.First(metadata, e => e.HasClass("author")) is { } a ? HtmlTree.Text(a) : null;
        var editor = HtmlTree.First(metadata, e => e.HasClass("editor")) is { } ed ? HtmlTree.Text(ed) : null;
        return ConfluencePageByline.Parse(HtmlTree.Text(metadata), author, editor);
    }

    /// <summary>Page Properties macros: two-column key/value tables, or a header row over value rows.</summary>
    internal static List<MetadataEntry> PageProperties(HtmlNode root, HtmlOutlineContext context)
    {
        var entries = new List<MetadataEntry>();
        var dialect = new ConfluenceHtmlDialect(dropPageProperties: false);
        foreach (var macro in HtmlTree.Elements(root, prune: e => e.HasClass("plugin-tabmeta-details")).Where(e => e.HasClass("plugin-tabmeta-details")))
        {
            foreach (var table in HtmlOutlineBuilder.Build(macro, dialect, context).OfType<TableBlock>())
                entries.AddRange(Pairs(table));
        }
        return entries;
    }

    internal static IEnumerable<MetadataEntry> Pairs(TableBlock table)
    {
        if (table.HeaderRows == 1 && table.Rows.Count > 1 && table.Rows[0].Count > 2)
        {
            foreach (var row in table.Rows.Skip(1))
                for (var i = 0; i < Math.Min(row.Count, table.Rows[0].Count); i++)
                    if (Key(table.Rows[0][i]) is { Length: > 0 } key) yield return new MetadataEntry(key, row[i]);
            yield break;
        }
        foreach (var row in table.Rows)
            if (row.Count >= 2 && Key(row[0]) is { Length: > 0 } key)
                yield return new MetadataEntry(key, string.Join(" ", row.Skip(1).Where(c => c.Length > 0)));
    }

    private static string Key(string cell) => cell.Trim().TrimEnd(':').Trim();

    private static List<string> Labels(HtmlNode root)
    {
        var labels = new List<string>();
        foreach (var e in HtmlTree.Elements(root))
        {
            var isLabel = (HtmlTree.IsNamed(e, "a") && (e.HasClass("aui-label-split-main") || e.GetAttributeValue("rel", "") == "tag"))
                || (HtmlTree.IsNamed(e, "li") && e.ParentNode is { } list && list.HasClass("label-list") && !HtmlTree.Elements(e).Any(c => HtmlTree.IsNamed(c, "a")));
            if (!isLabel) continue;
            var text = HtmlTree.Text(e);
            if (text.Length > 0 && !labels.Contains(text, StringComparer.OrdinalIgnoreCase)) labels.Add(text);
        }
        return labels;
    }
}
