using System.Text;
using PostmortemSearch.Importers;
using PostmortemSearch.Importers.Confluence;
using PostmortemSearch.Importers.Outline;
using PostmortemSearch.Tests.Importers.Html;

namespace PostmortemSearch.Tests.Importers.Confluence;

public sealed class ConfluenceWordReaderTests
{
    private static readonly ConfluenceWordReader Reader = new();

    /// <summary>Shaped like Confluence's "Export to Word": MIME headers, a quoted-printable HTML part, an image part.</summary>
    private static string Mhtml(string htmlPart, string transferEncoding = "quoted-printable") =>
        "Date: Sat, 18 Oct 2025 10:12:01 +0000 (UTC)\r\n"
        + "Message-ID: <1234.5678@confluence.example.com>\r\n"
        + "Subject: Exported From Confluence\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: multipart/related; \r\n\tboundary=\"----=_Part_42_1981.1760782321\"\r\n"
        + "\r\n"
        + "------=_Part_42_1981.1760782321\r\n"
        + "Content-Type: text/html; charset=UTF-8\r\n"
        + $"Content-Transfer-Encoding: {transferEncoding}\r\n"
        + "Content-Location: file:///C:/exported.html\r\n"
        + "\r\n"
        + htmlPart + "\r\n"
        + "------=_Part_42_1981.1760782321\r\n"
        + "Content-Type: image/png\r\n"
        + "Content-Transfer-Encoding: base64\r\n"
        + "Content-Location: file:///C:/a2c1d7e0.png\r\n"
        + "\r\n"
        + "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\r\n"
        + "------=_Part_42_1981.1760782321--\r\n";

    private const string QuotedPrintableHtml =
        "<html xmlns:o=3D\"urn:schemas-microsoft-com:office:office\" xmlns:w=3D\"urn:sch=\r\n"
        + "emas-microsoft-com:office:word\"><head><title>Checkout outage 2024-03-02</title>=\r\n"
        + "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]--></head>=\r\n"
        + "<body><div class=3D\"Section1\"><h1>Checkout outage 2024-03-02</h1><h2>Root cause</h2>=\r\n"
        + "<p>The TLS certificate expired =E2=80=94 nobody was paged for eleven minut=\r\n"
        + "es.</p><table class=3D\"confluenceTable\"><tbody><tr><th class=3D\"confluenc=\r\n"
        + "eTh\">Time</th><th class=3D\"confluenceTh\">Event</th></tr><tr><td class=3D\"c=\r\n"
        + "onfluenceTd\">10:02</td><td class=3D\"confluenceTd\">Alerts fire</td></tr></tbody></table>=\r\n"
        + "</div></body></html>";

    private static SourceFile File(string name, string text) => new(name, Encoding.ASCII.GetBytes(text));

    [Fact]
    public void Quoted_printable_html_part_is_decoded_and_read()
    {
        var outline = Assert.Single(Reader.Read(File("Checkout+outage.doc", Mhtml(QuotedPrintableHtml)))).Outline!;
        Assert.Equal("Checkout outage 2024-03-02", outline.Title);
        Assert.Equal(new HeadingBlock(2, "Root cause"), outline.Blocks[0]);
        Assert.Equal("The TLS certificate expired — nobody was paged for eleven minutes.", Assert.IsType<ParagraphBlock>(outline.Blocks[1]).Text);
        var table = Assert.IsType<TableBlock>(outline.Blocks[2]);
        Assert.Equal(1, table.HeaderRows);
        Assert.Equal(["10:02", "Alerts fire"], table.Rows[1]);
    }

    [Fact]
    public void Base64_html_part_in_another_charset_is_decoded()
    {
        var html = "<html><head><title>Incident café</title></head><body><p>Résumé of the outage</p></body></html>";
        var base64 = Convert.ToBase64String(Encoding.Latin1.GetBytes(html), Base64FormattingOptions.InsertLineBreaks);
        var message = Mhtml(base64, "base64").Replace("charset=UTF-8", "charset=\"iso-8859-1\"", StringComparison.Ordinal);
        var outline = Assert.Single(Reader.Read(File("page.mht", message))).Outline!;
        Assert.Equal("Incident café", outline.Title);
        Assert.Equal("Résumé of the outage", Assert.IsType<ParagraphBlock>(Assert.Single(outline.Blocks)).Text);
    }

    [Fact]
    public void Binary_word_97_doc_is_rejected_clearly()
    {
        var ole = new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0 };
        var file = new SourceFile("postmortem.doc", ole);
        Assert.True(Reader.CanRead(file));
        var error = Assert.Throws<ImportException>(() => Reader.Read(file));
        Assert.Contains("binary Word 97-2003 .doc is not supported; save as .docx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_and_non_mime_files_are_rejected()
    {
        Assert.Contains("empty", Assert.Throws<ImportException>(() => Reader.Read(new SourceFile("a.doc", Array.Empty<byte>()))).Message, StringComparison.Ordinal);
        Assert.Throws<ImportException>(() => Reader.Read(File("a.doc", "just some text")));
        Assert.Contains("no text/html part", Assert.Throws<ImportException>(() => Reader.Read(File("a.doc", Mhtml("x").Replace("text/html", "text/plain", StringComparison.Ordinal)))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Claims_every_doc_and_only_mime_mht_files()
    {
        Assert.True(Reader.CanRead(File("a.doc", "anything")));
        Assert.True(Reader.CanRead(File("a.mhtml", Mhtml(QuotedPrintableHtml))));
        Assert.False(Reader.CanRead(File("a.mht", "<html></html>")));
        Assert.False(Reader.CanRead(HtmlSamples.Load("confluence", "dlx_1273888769.html")));
    }
}
