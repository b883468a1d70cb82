using System.Runtime.InteropServices;
using System.Xml;
using System.Xml.Linq;
using DocumentFormat.OpenXml.Packaging;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Importers.Word;

/// <summary>
/// Reads Word .docx files: headings from styles (any UI language, <c>basedOn</c> chains, outline levels),
/// lists from numbering, tables, content controls and tracked insertions; document properties for
/// title, authors and dates. Comments, footnotes, headers and footers are not part of the body.
/// </summary>
internal sealed class DocxReader : IDocumentReader
{
    /// <summary>A title guessed from the first paragraph must look like one: short, not a sentence.</summary>
    private const int MaxGuessedTitleLength = 120;

    public string Kind => SourceKinds.Docx;

    // Claimed by extension alone, so a damaged .docx gets this reader's explanation rather than "no reader".
    public bool CanRead(SourceFile file) => file.Extension is ".docx" or ".docm" or ".dotx";

    public IReadOnlyList<ReadDocument> Read(SourceFile file)
    {
        if (file.Content.IsEmpty) throw new ImportException("empty file: not a Word document (.docx)");
        using var stream = OpenStream(file.Content);
        DocxPackageGuard.Check(stream);
        stream.Position = 0;
        try
        {
            using var document = WordprocessingDocument.Open(stream, isEditable: false);
            return [new ReadDocument { Outline = ReadOutline(document) }];
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or XmlException or FormatException or IOException)
        {
            throw new ImportException($"not a readable Word document (.docx): {e.Message}", e);
        }
    }

    private static MemoryStream OpenStream(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);

    private static DocumentOutline ReadOutline(WordprocessingDocument document)
    {
        var main = document.MainDocumentPart
            ?? throw new ImportException("not a Word document (.docx): the package has no main document part (word/document.xml)");
        var body = main.Document?.Body
            ?? throw new ImportException("not a Word document (.docx): the main document part has no body");

        var styles = new WordStyles(main.StyleDefinitionsPart?.Styles);
        var numbering = new WordNumbering(main.NumberingDefinitionsPart?.Numbering);
        var result = new DocxBodyReader(styles, numbering).Read(body);
        var core = CoreProperties.Read(document.CoreFilePropertiesPart);

        var blocks = result.Blocks;
        var diagnostics = result.Diagnostics.ToList();
        var title = result.Title ?? core.Title;
        if (title is null && GuessTitle(blocks) is { } guessed)
        {
            title = guessed;
            blocks = blocks.Skip(1).ToList();
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, "no Title style or document title property: the first paragraph, which precedes the first heading, was taken as the title"));
        }

        return new DocumentOutline
        {
            Title = title,
            Authors = core.Authors,
            Created = core.Created,
            Modified = core.Modified,
            Labels = core.Keywords,
            Blocks = blocks,
            Diagnostics = diagnostics,
        };
    }

    /// <summary>A pasted-in title (styled "Normal (Web)" and the like): a short first paragraph directly followed by a heading.</summary>
    private static string? GuessTitle(IReadOnlyList<Block> blocks) =>
        blocks is [ParagraphBlock first, HeadingBlock, ..]
        && first.Text.Length <= MaxGuessedTitleLength
        && !first.Text.EndsWith('.')
            ? first.Text
            : null;

    /// <summary>docProps/core.xml, read directly so that times keep the zone the file wrote.</summary>
    private sealed record CoreProperties(string? Title, IReadOnlyList<string> Authors, Timestamp? Created, Timestamp? Modified, IReadOnlyList<string> Keywords)
    {
        private static readonly CoreProperties None = new(null, [], null, null, []);

        public static CoreProperties Read(CoreFilePropertiesPart? part)
        {
            if (part is null) return None;
            XDocument xml;
            using (var stream = part.GetStream(FileMode.Open, FileAccess.Read))
            using (var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
            {
                xml = XDocument.Load(reader);
            }
            string? Value(string localName) =>
                xml.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == localName)?.Value.Trim() is { Length: > 0 } v ? v : null;
            Timestamp? Time(string localName) => Timestamp.TryParse(Value(localName), out var t) ? t : null;
            static IReadOnlyList<string> Split(string? value, char[] separators) =>
                value?.Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

            return new CoreProperties(Value("title"), Split(Value("creator"), [';']), Time("created"), Time("modified"), Split(Value("keywords"), [',', ';']));
        }
    }
}
