using System.Text.RegularExpressions;
using PostmortemSearch.Importers.GoogleDocs;
using PostmortemSearch.Importers.Outline;
using PostmortemSearch.Tests.Importers.Html;

namespace PostmortemSearch.Tests.Importers.GoogleDocs;

public sealed class GoogleDocsHtmlReaderTests
{
    private static readonly GoogleDocsHtmlReader Reader = new();

    private static DocumentOutline ReadSample(string name) =>
        Assert.Single(Reader.Read(HtmlSamples.Load("gdocs", name))).Outline!;

    [Fact]
    public void Flat_kix_lists_merge_into_one_list_with_levels_from_the_class_suffix()
    {
        var outline = ReadSample("mr0grog_lists.export.html");
        var bulleted = outline.Blocks.OfType<ListBlock>().First();
        Assert.False(bulleted.Ordered);
        Assert.Equal(
            [("This is", 0), ("A bulleted", 0), ("List of stuff.", 0), ("With", 1), ("Subitems", 1), ("And", 2), ("Sub-subitems", 2), ("But numbered not bulleted!", 3), ("This item has line breaks.\nHere is a second line.", 0)],
            bulleted.Items.Select(i => (i.Text, i.Level)));
    }

    [Fact]
    public void Different_kix_lists_stay_separate_and_keep_their_ordering()
    {
        var lists = ReadSample("mr0grog_lists.export.html").Blocks.OfType<ListBlock>().ToList();
        Assert.Equal(3, lists.Count);
        Assert.True(lists[1].Ordered);
        Assert.Equal(9, lists[1].Items.Count);
        Assert.Equal("But bulleted not numbered!", lists[1].Items[7].Text);
        Assert.Equal(3, lists[1].Items[7].Level);
        Assert.Equal(["This is", "A checklist."], lists[2].Items.Select(i => i.Text).Take(2));
    }

    [Fact]
    public void Inline_formatting_is_flattened_and_link_text_is_kept()
    {
        var outline = ReadSample("mr0grog_inline-formatting.export.html");
        Assert.Null(outline.Title);
        var paragraph = outline.Blocks.OfType<ParagraphBlock>().Single(p => p.Text.StartsWith("This is bold", StringComparison.Ordinal));
        Assert.Contains("is bold and italic or just italic", paragraph.Text);
        Assert.Contains("linked (to GitHub)", paragraph.Text);
        Assert.False(paragraph.AllBold);
        Assert.DoesNotContain(outline.Blocks, b => b is ParagraphBlock { Text: "" });
    }

    [Fact]
    public void Google_redirect_links_unwrap_to_the_real_address()
    {
        var html = File.ReadAllText(HtmlSamples.Load("gdocs", "mr0grog_inline-formatting.export.html").Path);
        var href = Regex.Match(html, "href=\"([^\"]+)\"").Groups[1].Value;
        Assert.StartsWith("https://www.google.com/url?q=", href);
        Assert.Equal("https://github.com/", GoogleDocsHtmlDialect.UnwrapRedirect(href));
        Assert.Equal("https://example.com/a", GoogleDocsHtmlDialect.UnwrapRedirect("https://example.com/a"));
    }

    [Fact]
    public void Link_whose_text_is_a_redirect_reads_as_the_real_address()
    {
        var html = """
            <html><head><style>.c1{font-weight:400}</style></head><body class="c0 doc-content">
            <p><span><a href="https://www.google.com/url?q=https://status.example.com/incidents/42&amp;sa=D">https://www.google.com/url?q=https://status.example.com/incidents/42&amp;sa=D&amp;ust=1</a></span></p></body></html>
            """;
        var outline = Assert.Single(Reader.Read(HtmlSamples.Inline("doc.html", html))).Outline!;
        Assert.Equal("https://status.example.com/incidents/42", Assert.IsType<ParagraphBlock>(Assert.Single(outline.Blocks)).Text);
    }

    [Fact]
    public void Exported_table_without_bold_first_row_has_no_header_despite_the_thead_wrapper()
    {
        var table = Assert.Single(ReadSample("mr0grog_tables.export.html").Blocks.OfType<TableBlock>());
        Assert.Equal(0, table.HeaderRows);
        Assert.Equal(4, table.Rows.Count);
        Assert.Equal(["Column", "Headings", "Go", "Here", "And Here"], table.Rows[0]);
        Assert.Equal("🤷 emoji ❓", table.Rows[3][4]);
    }

    [Fact]
    public void Clipboard_table_uses_th_header_row_and_its_bold_normal_wrapper_is_not_bold()
    {
        var outline = ReadSample("mr0grog_tables.copy.html");
        var table = Assert.Single(outline.Blocks.OfType<TableBlock>());
        Assert.Equal(1, table.HeaderRows);
        Assert.Equal(["Textual", "53", "Right", "This", "How about"], table.Rows[1]);
        var intro = Assert.IsType<ParagraphBlock>(outline.Blocks[0]);
        Assert.Equal("This is a test of table support.", intro.Text);
        Assert.False(intro.AllBold);
    }

    [Fact]
    public void Bold_css_classes_give_all_bold_paragraphs_and_bold_header_rows()
    {
        var html = """
            <html><head><style type="text/css">.c3{font-weight:400;color:#000}.c7{color:#000;font-weight:700}.c9{font-style:italic}</style></head>
            <body class="c0 doc-content"><p class="title"><span>Checkout outage</span></p>
            <p><span class="c7">Root cause</span></p><p><span class="c3">Cert </span><span class="c7">expired</span></p>
            <table><tr><td><p><span class="c7">When</span></p></td><td><p><span class="c7 c9">What</span></p></td></tr>
            <tr><td><p><span class="c3">10:02</span></p></td><td><p><span class="c3">Paged</span></p></td></tr></table></body></html>
            """;
        var outline = Assert.Single(Reader.Read(HtmlSamples.Inline("doc.html", html))).Outline!;
        Assert.Equal("Checkout outage", outline.Title);
        var paragraphs = outline.Blocks.OfType<ParagraphBlock>().ToList();
        Assert.Equal([("Root cause", true), ("Cert expired", false)], paragraphs.Select(p => (p.Text, p.AllBold)));
        Assert.Equal(1, Assert.Single(outline.Blocks.OfType<TableBlock>()).HeaderRows);
    }

    [Fact]
    public void Comment_anchors_and_the_comment_bodies_docs_appends_are_not_body_text()
    {
        // As Docs exports a commented document: "[a]" after the commented words, the comment itself in a div at the end.
        var html = """
            <html><body class="c0 doc-content"><p class="title"><span>Queue outage</span></p>
            <h2><span>Action items</span></h2>
            <ul><li><span>Alert on queue age</span><sup><a href="#cmnt1" id="cmnt_ref1">[a]</a></sup></li><li><span>Replay tooling</span></li></ul>
            <div class="c17"><p class="c2"><a href="#cmnt_ref1" id="cmnt1">[a]</a><span class="c3">Dana Okafor: should this have an owner?</span></p></div>
            <div class="c17"><p class="c2"><span class="c3">Closing words that belong to the document.</span></p></div>
            </body></html>
            """;

        var outline = Assert.Single(Reader.Read(HtmlSamples.Inline("doc.html", html))).Outline!;
        var text = string.Join("\n", outline.Blocks.Select(b => b switch { ParagraphBlock p => p.Text, ListBlock l => string.Join("\n", l.Items.Select(i => i.Text)), _ => "" }));

        Assert.Equal(["Alert on queue age", "Replay tooling"], Assert.Single(outline.Blocks.OfType<ListBlock>()).Items.Select(i => i.Text));
        Assert.DoesNotContain("Dana Okafor", text, StringComparison.Ordinal);
        Assert.DoesNotContain("[a]", text, StringComparison.Ordinal);
        Assert.Contains("Closing words that belong to the document.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Claims_google_docs_html_only()
    {
        foreach (var name in new[] { "mr0grog_lists.export.html", "mr0grog_tables.copy.html", "mr0grog_tables.export.html", "mr0grog_inline-formatting.export.html" })
            Assert.True(Reader.CanRead(HtmlSamples.Load("gdocs", name)), name);
        Assert.False(Reader.CanRead(HtmlSamples.Load("confluence", "dlx_1273888769.html")));
    }
}
