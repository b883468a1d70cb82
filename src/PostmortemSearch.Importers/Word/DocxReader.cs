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

        var partDiagnostics = new List<Diagnostic>();
        // A value the SDK cannot parse in the styles or numbering part costs headings or list numbering, not the document.
        var styles = PartOrDefault(() => new WordStyles(main.StyleDefinitionsPart?.Styles), () => new WordStyles(null), "styles", partDiagnostics);
        var numbering = PartOrDefault(() => new WordNumbering(main.NumberingDefinitionsPart?.Numbering), () => new WordNumbering(null), "numbering", partDiagnostics);
        var result = new DocxBodyReader(styles, numbering).Read(body);
        var core = CoreProperties.Read(document.CoreFilePropertiesPart);

        var blocks = result.Blocks;
        var diagnostics = partDiagnostics.Concat(result.Diagnostics).ToList();
        var title = result.Title;
        if (title is null && blocks is [HeadingBlock opening, ..] && Extraction.HeadingVocabulary.Classify(opening.Text) == Extraction.SectionField.None && (opening.Level == 1 || (result.HeadingsFromBold && opening.Text.Split(' ').Length >= 3)))
        {
            // The Heading 1 (or, without heading styles, the bold line of three words or more) a document opens with is what its readers see as the title; dc:title is a file property that
            // goes stale (LibreOffice copies the source HTML's <title>, often a draft name).
            title = opening.Text;
            blocks = blocks.Skip(1).ToList();
            if (core.Title is { } property && !property.Equals(opening.Text, StringComparison.OrdinalIgnoreCase))
                diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, $"title taken from the opening Heading 1, not the file's title property '{property}'"));
        }
        title ??= core.Title;
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

    private static T PartOrDefault<T>(Func<T> read, Func<T> fallback, string part, List<Diagnostic> diagnostics)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException or ArgumentException)
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, $"the {part} part has a value the reader cannot parse ({e.Message}); read without it"));
            return fallback();
        }
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
