using HtmlAgilityPack;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers.Html;
using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Importers.Confluence;

/// <summary>
/// Confluence "Export to Word": a <c>.doc</c> that is really MHTML (a MIME multipart/related message with the
/// page's HTML). Claims every <c>.doc</c> so that a binary Word 97-2003 file gets a clear rejection instead of silence.
/// </summary>
internal sealed class ConfluenceWordReader : IDocumentReader
{
    private static readonly byte[] Ole2Signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    public string Kind => SourceKinds.ConfluenceWord;

    public bool CanRead(SourceFile file) => file.Extension switch
    {
        ".doc" => true,
        ".mht" or ".mhtml" => MhtmlMessage.LooksLikeMime(file.Content.Span),
        _ => false,
    };

    public IReadOnlyList<ReadDocument> Read(SourceFile file)
    {
        var content = file.Content.Span;
        if (content.IsEmpty) throw new ImportException($"{file.FileName} is empty");
        if (content.StartsWith(Ole2Signature))
            throw new ImportException($"{file.FileName}: binary Word 97-2003 .doc is not supported; save as .docx");
        if (!MhtmlMessage.LooksLikeMime(content))
            throw new ImportException($"{file.FileName} is neither a Word export from Confluence (MHTML) nor a binary Word file");

        var html = MhtmlMessage.HtmlPart(content, file.FileName);
        var context = new HtmlOutlineContext();
        var root = HtmlTree.Parse(html, context).DocumentNode;
        var body = HtmlTree.First(root, e => HtmlTree.IsNamed(e, "body")) ?? root;
        var blocks = HtmlOutlineBuilder.Build(body, ConfluenceHtmlDialect.Page, context);

        var title = TitleElement(root);
        if (blocks is [HeadingBlock first, ..] && (title is null || first.Text == title))
        {
            title ??= first.Text;
            blocks = blocks.Skip(1).ToList();
        }
        return
        [
            new ReadDocument
            {
                Outline = new DocumentOutline { Title = title, Tickets = context.Tickets, Blocks = blocks, Diagnostics = context.Diagnostics },
            },
        ];
    }

    private static string? TitleElement(HtmlNode root) =>
        HtmlTree.First(root, e => HtmlTree.IsNamed(e, "title")) is { } title && HtmlTree.Text(title) is { Length: > 0 } text ? text : null;
}
