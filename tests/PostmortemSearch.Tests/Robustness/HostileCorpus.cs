using System.IO.Compression;
using System.Text;
using PostmortemSearch.Tests.Importers.Word.Support;

namespace PostmortemSearch.Tests.Robustness;

/// <summary>What one row of the import report must say about a hostile file.</summary>
/// <param name="PathContains">a fragment of the row's path (the file, or the zip entry)</param>
/// <param name="Statuses">acceptable statuses, e.g. "rejected", or "imported" where the input is legitimately fine</param>
/// <param name="ErrorMentions">for a rejection, the error must name the problem with one of these</param>
internal sealed record ExpectedRow(string PathContains, string[] Statuses, params string[] ErrorMentions);

/// <summary>One hostile input, made by code (no binary blobs in the repository), with the reason it is hostile.</summary>
internal sealed record HostileCase(string Name, string Why, string FileName, Func<byte[]> Content, ExpectedRow[] Expected, long MaxAllocatedBytes = 64L * 1024 * 1024)
{
    public override string ToString() => Name;
}

/// <summary>
/// The hostile corpus, one row per attack with a one-line reason (NodaTime style). Both the CLI and the upload
/// endpoint run every row; inputs that need a real disk file (sparse 200 MB, control characters in a file
/// name, a symlink) are in the CLI-only tests.
/// </summary>
internal static class HostileCorpus
{
    private static readonly string[] Rejected = ["rejected"];
    private static readonly string[] Imported = ["imported"];

    public const string GoodMarkdown = """
        ---
        title: Hostile corpus companion
        severity: SEV3
        ---
        ## Summary
        A legitimate document travelling next to hostile ones.
        ## Root cause
        - The cache flush ran without throttling.
        """;

    public static IReadOnlyList<HostileCase> All { get; } =
    [
        new("zip-bomb-ratio", "one 16 MB entry of zeros compresses ~1000:1", "bomb.zip",
            () => Zip(("bomb.md", new byte[16 * 1024 * 1024], CompressionLevel.SmallestSize)),
            [new("bomb.zip", Rejected, "zip bomb", "limit")]),
        new("zip-bomb-entry-count", "10,001 empty entries: per-entry work and memory", "many.zip",
            () => ManyEntries(10_001),
            [new("many.zip", Rejected, "10,001 entries")]),
        new("zip-slip", "an entry that climbs out of the archive", "slip.zip",
            () => Zip(("../../evil.md", Utf8(GoodMarkdown), CompressionLevel.Fastest), ("ok/good.md", Utf8(GoodMarkdown), CompressionLevel.Fastest)),
            [new("evil.md", Rejected, "zip-slip"), new("ok/good.md", Imported)]),
        new("zip-absolute-paths", "entries named with a root or a drive letter", "abs.zip",
            () => Zip(("/etc/evil.md", Utf8(GoodMarkdown), CompressionLevel.Fastest), ("C:/evil2.md", Utf8(GoodMarkdown), CompressionLevel.Fastest)),
            [new("/etc/evil.md", Rejected, "absolute path"), new("C:/evil2.md", Rejected, "absolute path")]),
        new("zip-symlink", "a Unix symlink entry pointing at /etc/passwd", "link.zip",
            SymlinkZip,
            [new("link.md", Rejected, "symbolic link")]),
        new("zip-control-chars", "entry names with \\u0001 and a newline", "ctl.zip",
            () => Zip(("bad\u0001name.md", Utf8(GoodMarkdown), CompressionLevel.Fastest), ("new\nline.md", Utf8(GoodMarkdown), CompressionLevel.Fastest)),
            [new("name.md", Rejected, "control characters"), new("line.md", Rejected, "control characters")]),
        new("zip-truncated", "a zip cut in half: no central directory", "cut.zip",
            () => Truncate(Zip(("a.md", Utf8(GoodMarkdown + new string('x', 4000)), CompressionLevel.Fastest))),
            [new("cut.zip", Rejected, "not a readable zip")]),
        new("zip-corrupt-data", "a zip whose deflate stream is garbage (CRC/inflate error)", "rot.zip",
            CorruptZipData,
            [new("rot.zip", Rejected, "corrupt", "zip", "not a postmortem", "no postmortem", "NUL", "could not be read")]),
        new("docx-xxe", "word/document.xml declares an external entity to file:///etc/passwd", "xxe.docx",
            () => DocxWithDocumentXml("""<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>""" + DocumentXml("&xxe;")),
            [new("xxe.docx", Rejected, "DTD")]),
        new("docx-billion-laughs", "word/document.xml with nested entity expansion", "laughs.docx",
            () => DocxWithDocumentXml("<?xml version=\"1.0\"?>" + BillionLaughsDtd("w:document") + DocumentXml("&lol9;")),
            [new("laughs.docx", Rejected, "DTD")]),
        new("entities-xxe", "Confluence entities.xml with an external entity", "entities.xml",
            () => Utf8("<?xml version=\"1.0\"?><!DOCTYPE hibernate-generic [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><hibernate-generic datetime=\"2025-01-01\"><object class=\"Page\" package=\"x\"><property name=\"title\"><![CDATA[&xxe;]]></property></object></hibernate-generic>"),
            [new("entities.xml", Rejected, "DTD")]),
        new("entities-billion-laughs", "Confluence entities.xml with nested entity expansion", "entities.xml",
            () => Utf8("<?xml version=\"1.0\"?>" + BillionLaughsDtd("hibernate-generic") + "<hibernate-generic datetime=\"2025-01-01\"><object class=\"Page\" package=\"x\"><property name=\"title\">&lol9;</property></object></hibernate-generic>"),
            [new("entities.xml", Rejected, "DTD")]),
        new("docx-truncated", "a real .docx cut in half", "cut.docx",
            () => Truncate(new DocxBuilder().Body(DocxBuilder.P("Summary", style: "Heading1"), DocxBuilder.P("A cache flush.")).Build()),
            [new("cut.docx", Rejected, "not a Word document", "damaged", "truncated")]),
        new("docx-corrupt-xml", "a zip package whose document.xml is not XML", "rot.docx",
            () => DocxWithDocumentXml("<w:document this is < not xml"),
            [new("rot.docx", Rejected, "docx", "Word", "XML", "xml")]),
        new("docx-not-a-zip", "random bytes named .docx", "random.docx",
            () => [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 31 + 7))],
            [new("random.docx", Rejected, "not a Word document")]),
        new("html-100k-nested-confluence", "100,000 nested <div>s in a Confluence export page", "deep.html",
            () => DeepHtml("<div id=\"main-content\" class=\"wiki-content\">", 100_000),
            [new("deep.html", ["imported", "rejected"], "deep", "nest", "postmortem")]),
        new("html-100k-nested-gdocs", "100,000 nested <span>s in a Google Docs export", "deep-gdocs.html",
            () => DeepHtml("<div class=\"doc-content\">", 100_000, tag: "span"),
            [new("deep-gdocs.html", ["imported", "rejected"], "deep", "nest", "postmortem")]),
        new("invalid-utf8", "bytes that are not UTF-8 (lone continuation, 0xFF) in a Markdown file", "latin.md",
            () => [.. Utf8("# Caf"), 0xE9, 0xFF, 0x80, .. Utf8(" outage\n## Summary\nThe caf"), 0xE9, .. Utf8(" failed.\n")],
            [new("latin.md", Imported)]),
        new("utf16-bom", "UTF-16 LE with a BOM", "u16.md",
            () => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(GoodMarkdown.Replace("companion", "utf16 companion", StringComparison.Ordinal))],
            [new("u16.md", Imported)]),
        new("utf16-be-bom", "UTF-16 BE with a BOM", "u16be.md",
            () => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(GoodMarkdown.Replace("companion", "utf16be companion", StringComparison.Ordinal))],
            [new("u16be.md", Imported)]),
        new("nul-bytes", "a binary file named .md", "binary.md",
            () => [.. Utf8("# Title\n## Summary\n"), 0, 0, 0, .. Utf8("text"), 0],
            [new("binary.md", Rejected, "NUL")]),
        new("empty", "zero bytes", "empty.md",
            () => [],
            [new("empty.md", Rejected, "empty")]),
        new("jsonl-garbage", "a backup line that is not the export schema", "backup.jsonl",
            () => Utf8("{\"id\": \"pm-x\", \"title\": 3, \"source\": [}\n"),
            [new("backup.jsonl", Rejected, "line 1")]),
        new("jsonl-deep-json", "JSON nested 10,000 arrays deep", "deep.jsonl",
            () => Utf8(new string('[', 10_000) + new string(']', 10_000) + "\n"),
            [new("deep.jsonl", Rejected, "line 1")]),
    ];

    public static HostileCase Get(string name) => All.Single(c => c.Name == name);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Zip(params (string Name, byte[] Content, CompressionLevel Level)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content, level) in entries)
            {
                using var stream = zip.CreateEntry(name, level).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    private static byte[] ManyEntries(int count)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            for (var i = 0; i < count; i++) zip.CreateEntry($"e{i}.md");
        return buffer.ToArray();
    }

    private static byte[] SymlinkZip()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var link = zip.CreateEntry("space/link.md");
            link.ExternalAttributes = 0xA1FF << 16;
            using var stream = link.Open();
            stream.Write("/etc/passwd"u8);
        }
        return buffer.ToArray();
    }

    private static byte[] CorruptZipData()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 400; i++) text.Append(GoodMarkdown).Append(i).Append('\n');
        var zip = Zip(("space/page.md", Utf8(text.ToString()), CompressionLevel.Optimal));
        // Local header is 30 bytes + name; overwrite the middle of the deflate stream, leave the directory intact.
        for (var i = 200; i < Math.Min(zip.Length - 200, 1200); i++) zip[i] = (byte)(i * 13);
        return zip;
    }

    private static byte[] Truncate(byte[] bytes) => bytes[..(bytes.Length / 2)];

    private static string DocumentXml(string text) =>
        $"<w:document xmlns:w=\"{DocxBuilder.W}\"><w:body><w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>Summary</w:t></w:r></w:p><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>";

    private static string BillionLaughsDtd(string root)
    {
        var dtd = new StringBuilder($"<!DOCTYPE {root} [<!ENTITY lol0 \"lol\">");
        for (var i = 1; i <= 9; i++) dtd.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        return dtd.Append("]>").ToString();
    }

    /// <summary>A valid .docx built by the Open XML SDK, then its word/document.xml replaced byte for byte.</summary>
    private static byte[] DocxWithDocumentXml(string documentXml)
    {
        var docx = new DocxBuilder().Body(DocxBuilder.P("Summary", style: "Heading1"), DocxBuilder.P("placeholder")).Build();
        using var buffer = new MemoryStream();
        buffer.Write(docx);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("word/document.xml")!.Delete();
            using var stream = zip.CreateEntry("word/document.xml").Open();
            stream.Write(Utf8(documentXml));
        }
        return buffer.ToArray();
    }

    private static byte[] DeepHtml(string container, int depth, string tag = "div")
    {
        var html = new StringBuilder("<!DOCTYPE html><html><head><title>Deep outage</title></head><body>");
        html.Append(container).Append("<h1>Deep outage</h1><h2>Summary</h2><p>The nesting service failed.</p>");
        for (var i = 0; i < depth; i++) html.Append('<').Append(tag).Append('>');
        html.Append("deep text");
        for (var i = 0; i < depth; i++) html.Append("</").Append(tag).Append('>');
        html.Append("</div></body></html>");
        return Utf8(html.ToString());
    }
}
