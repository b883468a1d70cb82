using System.Text;
using PostmortemSearch.Importers.Html;
using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Tests.Importers.Html;

public sealed class HtmlOutlineBuilderTests
{
    private static IReadOnlyList<Block> Build(string html) => Build(html, new HtmlOutlineContext());

    private static IReadOnlyList<Block> Build(string html, HtmlOutlineContext context) =>
        HtmlOutlineBuilder.Build(HtmlTree.Parse(html, context).DocumentNode, HtmlDialect.Plain, context);

    [Fact]
    public void Headings_paragraphs_and_whitespace_are_normalised()
    {
        var blocks = Build("<h1> Impact </h1><p>Checkout\n   returned&nbsp;<b>502s</b> for <a href='x'>11 min</a>.</p><div>loose text<p>inner</p>tail</div>");
        Assert.Equal(
            [new HeadingBlock(1, "Impact"), new ParagraphBlock("Checkout returned 502s for 11 min."), new ParagraphBlock("loose text"), new ParagraphBlock("inner"), new ParagraphBlock("tail")],
            blocks);
    }

    [Fact]
    public void Paragraph_is_all_bold_only_when_every_character_is_bold()
    {
        var blocks = Build("<p><strong>Root cause</strong></p><p><b>Root</b> cause</p><p><span style='font-weight:700'>Lessons</span></p><b style='font-weight:normal'><p>Not bold</p></b>");
        Assert.Equal([true, false, true, false], blocks.Cast<ParagraphBlock>().Select(p => p.AllBold));
    }

    [Fact]
    public void Nested_lists_flatten_into_one_list_with_levels()
    {
        var blocks = Build("<ol><li>Detect<ul><li>alert <i>fired</i></li><li>paged<ul><li>ack</li></ul></li></ul></li><li><p>Mitigate</p></li></ol>");
        var list = Assert.IsType<ListBlock>(Assert.Single(blocks));
        Assert.True(list.Ordered);
        Assert.Equal([("Detect", 0), ("alert fired", 1), ("paged", 1), ("ack", 2), ("Mitigate", 0)], list.Items.Select(i => (i.Text, i.Level)));
    }

    [Fact]
    public void Table_header_rows_come_from_th_or_a_bold_first_row()
    {
        var th = Assert.IsType<TableBlock>(Assert.Single(Build("<table><tr><th>When</th><th>What</th></tr><tr><td>10:02</td><td>paged</td></tr></table>")));
        Assert.Equal(1, th.HeaderRows);
        var bold = Assert.IsType<TableBlock>(Assert.Single(Build("<table><tr><td><b>When</b></td><td><strong>What</strong></td></tr><tr><td>10:02</td><td>paged</td></tr></table>")));
        Assert.Equal(1, bold.HeaderRows);
        var keyValue = Assert.IsType<TableBlock>(Assert.Single(Build("<table><tr><th>Severity</th><td>SEV2</td></tr><tr><th>Owner</th><td>Ana</td></tr></table>")));
        Assert.Equal(0, keyValue.HeaderRows);
    }

    [Fact]
    public void Colspan_and_rowspan_keep_columns_aligned()
    {
        var table = Assert.IsType<TableBlock>(Assert.Single(Build(
            "<table><tr><th colspan='2'>Window</th><th>Note</th></tr><tr><td rowspan='2'>Mon</td><td>10:00</td><td>start</td></tr><tr><td>11:00</td><td>end</td></tr></table>")));
        Assert.Equal([["Window", "", "Note"], ["Mon", "10:00", "start"], ["", "11:00", "end"]], table.Rows);
    }

    [Fact]
    public void One_column_layout_table_reads_as_blocks()
    {
        var blocks = Build("<table><tr><td><h3>Tasks</h3><ul><li>one</li></ul></td></tr></table>");
        Assert.Equal(new HeadingBlock(3, "Tasks"), blocks[0]);
        Assert.IsType<ListBlock>(blocks[1]);
    }

    [Fact]
    public void Pre_keeps_its_whitespace_as_a_code_block()
    {
        var code = Assert.IsType<CodeBlock>(Assert.Single(Build("<pre class='language-sql'>\nSELECT 1;\n  -- done &lt;ok&gt;\n</pre>")));
        Assert.Equal("SELECT 1;\n  -- done <ok>", code.Text);
        Assert.Equal("sql", code.Language);
    }

    [Fact]
    public void Script_style_and_images_are_not_text_and_images_are_counted()
    {
        var context = new HtmlOutlineContext();
        var blocks = HtmlOutlineBuilder.Build(HtmlTree.Parse("<style>p{}</style><script>x()</script><p>a<img src='b.png'>c</p>").DocumentNode, HtmlDialect.Plain, context);
        Assert.Equal([new ParagraphBlock("ac")], blocks);
        Assert.Contains(context.Diagnostics, d => d.Message.StartsWith("1 image", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("div", true)]
    [InlineData("div", false)]
    [InlineData("span", true)]
    [InlineData("b", true)]
    public void Hundred_thousand_nested_elements_do_not_overflow_the_stack(string tag, bool closed)
    {
        const int depth = 100_000;
        var html = new StringBuilder();
        for (var i = 0; i < depth; i++) html.Append('<').Append(tag).Append('>');
        html.Append("deep text");
        if (closed) for (var i = 0; i < depth; i++) html.Append("</").Append(tag).Append('>');
        html.Append("<p>after</p>");

        var context = new HtmlOutlineContext();
        var blocks = Build(html.ToString(), context);

        Assert.Contains(blocks, b => b is ParagraphBlock p && p.Text.Contains("deep text", StringComparison.Ordinal));
        Assert.Contains(blocks, b => b is ParagraphBlock p && p.Text.EndsWith("after", StringComparison.Ordinal));
        Assert.Contains(context.Diagnostics, d => d.Message.Contains("flattened", StringComparison.Ordinal));
    }

    [Fact]
    public void Hundred_thousand_nested_lists_and_table_cells_do_not_overflow_the_stack()
    {
        const int depth = 100_000;
        var lists = new StringBuilder();
        for (var i = 0; i < depth; i++) lists.Append("<ul><li>x");
        for (var i = 0; i < depth; i++) lists.Append("</li></ul>");
        var list = Assert.IsType<ListBlock>(Assert.Single(Build(lists.ToString())));
        Assert.InRange(list.Items.Max(i => i.Level), 100, HtmlTree.MaxDepth);

        var cells = new StringBuilder();
        for (var i = 0; i < depth; i++) cells.Append("<table><tr><td>a</td><td>");
        for (var i = 0; i < depth; i++) cells.Append("</td></tr></table>");
        Assert.NotEmpty(Build(cells.ToString()));
    }

    [Fact]
    public void Ten_megabyte_document_is_read_whole_block_by_block()
    {
        var row = "<h2>Timeline</h2><p>At <b>10:02</b> the <a href='#'>checkout-api</a> returned 502s.</p><ul><li>one<ul><li>two</li></ul></li></ul><table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>";
        var html = new StringBuilder();
        while (html.Length < 10_000_000) html.Append(row);
        var blocks = Build(html.ToString());
        Assert.Equal(html.Length / row.Length * 4, blocks.Count);
    }
}
