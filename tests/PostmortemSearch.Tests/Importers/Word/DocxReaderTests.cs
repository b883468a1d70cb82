using PostmortemSearch.Importers.Outline;
using PostmortemSearch.Importers.Word;
using PostmortemSearch.Tests.Importers.Word.Support;
using static PostmortemSearch.Tests.Importers.Word.Support.DocxBuilder;

namespace PostmortemSearch.Tests.Importers.Word;

/// <summary>DocxReader on synthetic documents, each built to show one WordprocessingML feature.</summary>
public class DocxReaderTests
{
    private static DocumentOutline Read(DocxBuilder builder) => new DocxReader().Read(builder.ToFile()).Single().Outline!;

    private static List<HeadingBlock> Headings(DocumentOutline outline) => outline.Blocks.OfType<HeadingBlock>().ToList();

    private static string AllText(DocumentOutline outline) => string.Join("\n", outline.Blocks.Select(b => b switch
    {
        HeadingBlock h => h.Text,
        ParagraphBlock p => p.Text,
        ListBlock l => string.Join("\n", l.Items.Select(i => i.Text)),
        TableBlock t => string.Join("\n", t.Rows.SelectMany(r => r)),
        _ => "",
    }));

    [Fact]
    public void Localized_heading_style_is_found_through_its_basedOn_chain()
    {
        var outline = Read(new DocxBuilder()
            .ParagraphStyle("Standard", "Normal")
            // German Word writes the id without the umlaut; the level comes from the built-in name.
            .ParagraphStyle("berschrift1", "heading 1", basedOn: "Standard")
            .ParagraphStyle("Firmenberschrift", "Firmen-Überschrift", basedOn: "berschrift1")
            .ParagraphStyle("Titre2", "Titre 2", basedOn: "Standard")
            .ParagraphStyle("Ttulo3", "Título 3")
            .Body(
                P("Zusammenfassung", style: "Firmenberschrift"),
                P("Der Dienst fiel aus.", style: "Standard"),
                P("Chronologie", style: "Titre2"),
                P("Causa raíz", style: "Ttulo3")));

        Assert.Equal([new HeadingBlock(1, "Zusammenfassung"), new HeadingBlock(2, "Chronologie"), new HeadingBlock(3, "Causa raíz")], Headings(outline));
        Assert.Contains(outline.Blocks, b => b is ParagraphBlock { Text: "Der Dienst fiel aus." });
    }

    [Fact]
    public void Outline_level_alone_makes_a_heading_in_a_style_or_on_the_paragraph()
    {
        var outline = Read(new DocxBuilder()
            .ParagraphStyle("Sektion", "Sektion", pPr: "<w:outlineLvl w:val=\"2\"/>")
            .Body(
                P("Impact", style: "Sektion"),
                P("Timeline", pPr: "<w:outlineLvl w:val=\"0\"/>"),
                P("Body text level is not a heading", pPr: "<w:outlineLvl w:val=\"9\"/>")));

        Assert.Equal([new HeadingBlock(3, "Impact"), new HeadingBlock(1, "Timeline")], Headings(outline));
    }

    [Fact]
    public void Title_style_becomes_the_outline_title_and_not_a_heading()
    {
        var outline = Read(new DocxBuilder()
            .ParagraphStyle("Title", "Title")
            .ParagraphStyle("Heading1", "heading 1")
            .Core(title: "Property title loses to the visible one")
            .Body(P("Checkout outage 2024-05-01", style: "Title"), P("Summary", style: "Heading1")));

        Assert.Equal("Checkout outage 2024-05-01", outline.Title);
        Assert.Equal([new HeadingBlock(1, "Summary")], Headings(outline));
    }

    [Fact]
    public void Short_all_bold_paragraphs_become_headings_when_the_document_has_no_heading_styles()
    {
        var longBold = new string('x', 81);
        var outline = Read(new DocxBuilder().Body(
            P("Root cause", bold: true),
            P("The certificate expired.", bold: false),
            $"<w:p>{R("Mixed ", bold: true)}{R("weight")}</w:p>",
            P(longBold, bold: true)));

        Assert.Equal([new HeadingBlock(2, "Root cause")], Headings(outline));
        Assert.Contains(outline.Blocks, b => b is ParagraphBlock { Text: "Mixed weight", AllBold: false });
        Assert.Contains(outline.Blocks, b => b is ParagraphBlock { AllBold: true } p && p.Text == longBold);
    }

    [Fact]
    public void Bold_paragraphs_stay_paragraphs_when_the_document_uses_heading_styles()
    {
        var outline = Read(new DocxBuilder()
            .ParagraphStyle("Heading2", "heading 2")
            .Body(P("Action Items", style: "Heading2"), P("Enhanced Monitoring", bold: true), P("Add alerts.")));

        Assert.Equal([new HeadingBlock(2, "Action Items")], Headings(outline));
        Assert.Contains(outline.Blocks, b => b is ParagraphBlock { Text: "Enhanced Monitoring", AllBold: true });
    }

    [Fact]
    public void Bold_from_the_paragraph_style_counts_as_bold()
    {
        var outline = Read(new DocxBuilder()
            .ParagraphStyle("Strong", "Strong label", rPr: "<w:b/>")
            .Body(P("Detection", style: "Strong")));

        Assert.Equal([new HeadingBlock(2, "Detection")], Headings(outline));
    }

    [Fact]
    public void A_very_long_paragraph_styled_as_heading_is_read_as_body_text_with_a_diagnostic()
    {
        var sentence = string.Concat(Enumerable.Repeat("The firewall handler was deployed. ", 6)).Trim();
        var outline = Read(new DocxBuilder()
            .ParagraphStyle("Heading2", "heading 2")
            .Body(P("Resolution", style: "Heading2"), P(sentence, style: "Heading2")));

        Assert.Equal([new HeadingBlock(2, "Resolution")], Headings(outline));
        Assert.Contains(outline.Blocks, b => b is ParagraphBlock p && p.Text == sentence);
        Assert.Contains(outline.Diagnostics, d => d.Message.Contains("styled as a heading"));
    }

    [Fact]
    public void Tracked_insertions_are_kept_and_deletions_dropped()
    {
        var outline = Read(new DocxBuilder().Body(
            "<w:p>" + R("The cache ")
            + "<w:del w:id=\"1\" w:author=\"A\"><w:r><w:delText>never </w:delText></w:r></w:del>"
            + "<w:ins w:id=\"2\" w:author=\"A\"><w:r><w:t xml:space=\"preserve\">sometimes </w:t></w:r></w:ins>"
            + R("expired.") + "</w:p>"));

        Assert.Equal(new ParagraphBlock("The cache sometimes expired."), Assert.Single(outline.Blocks));
    }

    [Fact]
    public void Comment_text_stays_out_of_the_body()
    {
        var outline = Read(new DocxBuilder()
            .Comment(0, "Reviewer: blame Bob here")
            .Body("<w:p><w:commentRangeStart w:id=\"0\"/>" + R("Deploy rolled back.") + "<w:commentRangeEnd w:id=\"0\"/>"
                + "<w:r><w:commentReference w:id=\"0\"/></w:r></w:p>"));

        Assert.Equal("Deploy rolled back.", AllText(outline));
    }

    [Fact]
    public void Content_controls_contribute_their_content_at_block_and_inline_level()
    {
        var outline = Read(new DocxBuilder().Body(
            "<w:sdt><w:sdtPr><w:alias w:val=\"Summary\"/></w:sdtPr><w:sdtContent>"
            + P("Checkout returned 502s.") + P("For 14 minutes.")
            + "</w:sdtContent></w:sdt>",
            "<w:p>" + R("Severity: ")
            + "<w:sdt><w:sdtPr><w:alias w:val=\"Sev\"/></w:sdtPr><w:sdtContent>" + R("SEV2") + "</w:sdtContent></w:sdt></w:p>"));

        Assert.Equal("Checkout returned 502s.\nFor 14 minutes.\nSeverity: SEV2", AllText(outline));
    }

    [Fact]
    public void Numbered_list_keeps_levels_and_is_ordered()
    {
        var outline = Read(new DocxBuilder()
            .List(7, "decimal", "bullet")
            .Body(
                P("Detect", numId: 7),
                P("Pager fired", numId: 7, level: 1),
                P("Mitigate", numId: 7)));

        var list = Assert.IsType<ListBlock>(Assert.Single(outline.Blocks));
        Assert.True(list.Ordered);
        Assert.False(list.IsTaskList);
        Assert.Equal([new ListItem("Detect", 0), new ListItem("Pager fired", 1), new ListItem("Mitigate", 0)], list.Items);
    }

    [Fact]
    public void Bulleted_list_is_not_ordered_and_a_paragraph_ends_it()
    {
        var outline = Read(new DocxBuilder()
            .List(3, "bullet")
            .Body(P("One", numId: 3), P("Two", numId: 3), P("Between"), P("Three", numId: 3)));

        Assert.Collection(outline.Blocks,
            b => Assert.Equal(["One", "Two"], Assert.IsType<ListBlock>(b).Items.Select(i => i.Text)),
            b => Assert.Equal(new ParagraphBlock("Between"), b),
            b => Assert.False(Assert.IsType<ListBlock>(b).Ordered));
    }

    [Fact]
    public void List_numbering_inherited_from_the_paragraph_style_counts()
    {
        var outline = Read(new DocxBuilder()
            .List(4, "decimal")
            .ParagraphStyle("ListNumber", "List Number", pPr: "<w:numPr><w:numId w:val=\"4\"/></w:numPr>")
            .Body(P("Roll back", style: "ListNumber"), P("Rotate keys", style: "ListNumber")));

        var list = Assert.IsType<ListBlock>(Assert.Single(outline.Blocks));
        Assert.True(list.Ordered);
        Assert.Equal(2, list.Items.Count);
    }

    [Fact]
    public void Checkbox_characters_and_w14_checkboxes_make_a_task_list()
    {
        var checkedBox = "<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val=\"1\"/></w14:checkbox></w:sdtPr>"
            + "<w:sdtContent>" + R("☐") + "</w:sdtContent></w:sdt>"; // the glyph lags; w14:checked is the truth
        var outline = Read(new DocxBuilder()
            .List(1, "bullet")
            .Body(
                P("☐ Add certificate expiry alert", numId: 1),
                P("☒ Renew certificate", numId: 1),
                $"<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>{checkedBox}{R(" Write runbook")}</w:p>"));

        var list = Assert.IsType<ListBlock>(Assert.Single(outline.Blocks));
        Assert.True(list.IsTaskList);
        Assert.Equal(
            [("Add certificate expiry alert", (bool?)false), ("Renew certificate", true), ("Write runbook", true)],
            list.Items.Select(i => (i.Text, i.Checked)));
    }

    [Fact]
    public void Table_of_two_rows_and_three_columns_keeps_cells_and_header_row()
    {
        var outline = Read(new DocxBuilder().Body(Table(1, ["Time", "Event", "Owner"], ["14:02", "Pager fired", "ana"])));

        var table = Assert.IsType<TableBlock>(Assert.Single(outline.Blocks));
        Assert.Equal(1, table.HeaderRows);
        Assert.Equal([["Time", "Event", "Owner"], ["14:02", "Pager fired", "ana"]], table.Rows);
    }

    [Fact]
    public void All_bold_first_row_is_a_header_row()
    {
        var outline = Read(new DocxBuilder().Body(
            "<w:tbl><w:tr><w:tc>" + P("Action", bold: true) + "</w:tc><w:tc>" + P("Due", bold: true) + "</w:tc></w:tr>"
            + "<w:tr><w:tc>" + P("Alert on expiry") + "</w:tc><w:tc>" + P("2024-06-01") + "</w:tc></w:tr></w:tbl>"));

        Assert.Equal(1, Assert.IsType<TableBlock>(Assert.Single(outline.Blocks)).HeaderRows);
    }

    [Fact]
    public void Merged_cells_keep_columns_aligned_and_vertical_merges_repeat_their_text()
    {
        var outline = Read(new DocxBuilder().Body(
            "<w:tbl>"
            + "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>" + P("Action items") + "</w:tc><w:tc>" + P("Owner") + "</w:tc></w:tr>"
            + "<w:tr><w:tc>" + P("1") + "</w:tc><w:tc>" + P("Alert") + "</w:tc><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>" + P("ana") + "</w:tc></w:tr>"
            + "<w:tr><w:tc>" + P("2") + "</w:tc><w:tc>" + P("Runbook") + "</w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>"
            + "</w:tbl>"));

        var table = Assert.IsType<TableBlock>(Assert.Single(outline.Blocks));
        Assert.Equal([["Action items", "", "Owner"], ["1", "Alert", "ana"], ["2", "Runbook", "ana"]], table.Rows);
    }

    [Fact]
    public void Core_properties_give_title_authors_and_created_time_with_its_zone()
    {
        var outline = Read(new DocxBuilder()
            .Core(title: "Payments outage", creator: "Ana Lima; Bo Chen", created: "2024-05-01T10:00:00+02:00")
            .Body(P("Body.")));

        Assert.Equal("Payments outage", outline.Title);
        Assert.Equal(["Ana Lima", "Bo Chen"], outline.Authors);
        Assert.Equal(TimeSpan.FromHours(2), outline.Created?.Offset);
        Assert.Equal(new DateTime(2024, 5, 1, 10, 0, 0), outline.Created?.Local);
    }

    [Fact]
    public void Without_title_style_or_property_a_short_first_paragraph_before_a_heading_is_the_title()
    {
        var outline = Read(new DocxBuilder()
            .ParagraphStyle("Heading2", "heading 2")
            .Body(P("Incident Postmortem: DNS outage"), P("Summary", style: "Heading2"), P("Resolvers failed.")));

        Assert.Equal("Incident Postmortem: DNS outage", outline.Title);
        Assert.IsType<HeadingBlock>(outline.Blocks[0]);
    }
}
