using HtmlAgilityPack;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers.Html;
using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Importers.GoogleDocs;

/// <summary>
/// A Google Docs document downloaded as HTML ("File → Download → Web page"), or HTML copied from the Docs
/// editor to the clipboard and saved.
/// </summary>
internal sealed class GoogleDocsHtmlReader : IDocumentReader
{
    // Markers Docs always writes: the body class, list classes, the clipboard guid, and the start of its CSS reset.
    private static readonly string[] Markers = ["doc-content", "lst-kix_", "docs-internal-guid", "table td,table th{"];

    public string Kind => SourceKinds.GoogleDocsHtml;

    public bool CanRead(SourceFile file)
    {
        if (file.Extension is not (".html" or ".htm") || file.Content.IsEmpty) return false;
        var head = HtmlTree.Head(file.Content, 65536);
        return Markers.Any(m => head.Contains(m, StringComparison.Ordinal));
    }

    public IReadOnlyList<ReadDocument> Read(SourceFile file)
    {
        if (file.Content.IsEmpty) throw new ImportException($"{file.FileName} is empty");
        var context = new HtmlOutlineContext();
        var root = HtmlTree.Load(file.Content, context).DocumentNode;
        var dialect = GoogleDocsHtmlDialect.For(root);
        var body = HtmlTree.First(root, e => HtmlTree.IsNamed(e, "body")) ?? root;
        var blocks = HtmlOutlineBuilder.Build(body, dialect, context);
        if (blocks.Count == 0 && HtmlTree.Text(body).Length == 0)
            throw new ImportException($"{file.FileName} has no text");
        var title = Title(root);
        if (title is not null && blocks is [HeadingBlock first, ..] && first.Text == title) blocks = blocks.Skip(1).ToList();
        return [new ReadDocument { Outline = new DocumentOutline { Title = title, Blocks = blocks, Diagnostics = context.Diagnostics } }];
    }

    private static string? Title(HtmlNode root)
    {
        foreach (var candidate in new[]
        {
            HtmlTree.First(root, e => e.HasClass("title") && !HtmlTree.IsNamed(e, "title")),
            HtmlTree.First(root, e => HtmlTree.IsNamed(e, "title")),
        })
        {
            if (candidate is not null && HtmlTree.Text(candidate) is { Length: > 0 } text) return text;
        }
        return null;
    }
}
