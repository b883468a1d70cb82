using System.Text;
using PostmortemSearch.Importers;
using PostmortemSearch.Importers.GoogleDocs;
using PostmortemSearch.Importers.Outline;
using PostmortemSearch.Tests.Importers.Word.Support;

namespace PostmortemSearch.Tests.Importers.GoogleDocs;

/// <summary>GoogleDocsJsonReader on the real gatsby samples (legacy shape) and on synthetic Docs API JSON.</summary>
public class GoogleDocsJsonReaderTests
{
    private static ReadDocument ReadSample(string name) => new GoogleDocsJsonReader().Read(Samples.Load("gdocs", name)).Single();

    private static DocumentOutline Read(string json) =>
        new GoogleDocsJsonReader().Read(new SourceFile("doc.json", Encoding.UTF8.GetBytes(json))).Single().Outline!;

    private static string Run(string text, bool bold = false, string extra = "") =>
        $$"""{ "textRun": { "content": "{{text}}", "textStyle": { {{(bold ? "\"bold\": true" : "")}} } {{extra}} } }""";

    private static string Para(string style, params string[] runs) =>
        $$"""{ "paragraph": { "elements": [{{string.Join(",", runs)}}], "paragraphStyle": { "namedStyleType": "{{style}}" } } }""";

    private static string Bullet(string listId, int? level, string text) =>
        $$"""{ "paragraph": { "elements": [{{Run(text + "\\n")}}], "paragraphStyle": { "namedStyleType": "NORMAL_TEXT" }, "bullet": { "listId": "{{listId}}" {{(level is null ? "" : $", \"nestingLevel\": {level}")}} } } }""";

    [Fact]
    public void Lists_sample_keeps_nesting_levels_and_reads_a_bulleted_list()
    {
        var read = ReadSample("gatsby_lists.json");
        var outline = read.Outline!;

        Assert.Equal("Lists", outline.Title);
        Assert.Equal("gdocs:1vKqAsTALHsU6AviqRVqofzhfYOr29JLo4Zoemz9fRUw", read.SourceKey);
        var list = Assert.IsType<ListBlock>(Assert.Single(outline.Blocks));
        Assert.False(list.Ordered); // level 0 of kix.p8lx61nj7i0o is glyphSymbol "●"
        Assert.Equal(
            [("List item 1", 0), ("Sublist item 1", 1), ("Sublist item 2", 1), ("Sublist item 3", 1), ("List item 2", 0), ("List item 3", 0),
             ("Sub list item 1", 1), ("Sub sub list item 1", 2), ("Sub sub list item 2 with image", 2), ("Sub list item 2", 1), ("Sub list item 3", 1),
             ("List item 4", 0), ("List item 5", 0)],
            list.Items.Select(i => (i.Text, i.Level)));
        Assert.Contains(outline.Diagnostics, d => d.Message.Contains("1 image"));
    }

    [Fact]
    public void Tables_sample_reads_the_three_by_three_table()
    {
        var outline = ReadSample("gatsby_tables.json").Outline!;

        Assert.Equal("Tables", outline.Title);
        var table = Assert.IsType<TableBlock>(Assert.Single(outline.Blocks));
        Assert.Equal([["Col 1", "Col 2", "Col 3"], ["Col 1 line 1", "Col 2 line 1", "Col 3 line 1"], ["Col 1 line 2", "Col 2 line 2", "Col 3 line 2"]], table.Rows);
        Assert.Equal(0, table.HeaderRows); // first row is neither bold nor marked tableHeader
    }

    [Fact]
    public void Can_read_docs_json_but_not_json_lines_or_other_json()
    {
        var reader = new GoogleDocsJsonReader();
        Assert.True(reader.CanRead(Samples.Load("gdocs", "gatsby_lists.json")));
        Assert.True(reader.CanRead(new SourceFile("x.json", """{"body":{"content":[]}}"""u8.ToArray())));
        Assert.False(reader.CanRead(new SourceFile("backup.jsonl", """{"documentId":"a"}"""u8.ToArray())));
        Assert.False(reader.CanRead(new SourceFile("package.json", """{"name":"x","version":"1.0.0"}"""u8.ToArray())));
    }

    [Fact]
    public void Json_that_is_not_a_docs_document_is_refused()
    {
        var reader = new GoogleDocsJsonReader();
        var notDocs = Assert.Throws<ImportException>(() => reader.Read(new SourceFile("a.json", """{"documentId":"x","kind":"drive#file"}"""u8.ToArray())));
        Assert.Contains("no body or tabs: not a Google Docs API document", notDocs.Message);
        var broken = Assert.Throws<ImportException>(() => reader.Read(new SourceFile("a.json", """{"documentId": "x", "body": {"""u8.ToArray())));
        Assert.Contains("not valid JSON", broken.Message);
        Assert.Throws<ImportException>(() => reader.Read(new SourceFile("a.json", "[1,2]"u8.ToArray())));
    }

    [Fact]
    public void Named_styles_give_title_headings_and_bold_paragraphs()
    {
        var outline = Read($$"""
            { "documentId": "d1", "body": { "content": [
              { "sectionBreak": {} },
              {{Para("TITLE", Run("Checkout outage\\n"))}},
              {{Para("HEADING_1", Run("Summary\\n"))}},
              {{Para("NORMAL_TEXT", Run("Owner: ", bold: true), Run("payments\\n", bold: true))}},
              {{Para("NORMAL_TEXT", Run("Errors ", bold: true), Run("rose.\\n"))}},
              {{Para("HEADING_3", Run("Timeline\\n"))}},
              {{Para("NORMAL_TEXT", Run("\\n"))}}
            ] } }
            """);

        Assert.Equal("Checkout outage", outline.Title);
        Assert.Equal<Block>(
            [new HeadingBlock(1, "Summary"), new ParagraphBlock("Owner: payments") { AllBold = true }, new ParagraphBlock("Errors rose."), new HeadingBlock(3, "Timeline")],
            outline.Blocks);
    }

    [Fact]
    public void Smart_chips_read_as_their_display_text_and_suggested_deletions_are_dropped()
    {
        var outline = Read($$"""
            { "documentId": "d1", "title": "T", "body": { "content": [
              { "paragraph": { "paragraphStyle": { "namedStyleType": "NORMAL_TEXT" }, "elements": [
                {{Run("Owner ")}},
                { "person": { "personProperties": { "name": "Ana Lima", "email": "ana@example.com" } } },
                {{Run(", see ")}},
                { "richLink": { "richLinkProperties": { "title": "INC-42 runbook", "uri": "https://x" } } },
                {{Run(" old text", extra: ", \"suggestedDeletionIds\": [\"suggest.1\"]")}},
                {{Run(" on ")}},
                { "dateElement": { "dateElementProperties": { "displayText": "May 1, 2024", "timestamp": "2024-05-01T00:00:00Z" } } },
                { "person": { "personProperties": { "email": "bo@example.com" } } },
                {{Run("\\n")}}
              ] } }
            ] } }
            """);

        Assert.Equal(new ParagraphBlock("Owner Ana Lima, see INC-42 runbook on May 1, 2024bo@example.com"), Assert.Single(outline.Blocks));
    }

    [Fact]
    public void Consecutive_bullets_merge_and_ordered_comes_from_the_glyph_type()
    {
        var outline = Read($$"""
            { "documentId": "d1", "title": "T",
              "lists": {
                "kix.num": { "listProperties": { "nestingLevels": [ { "glyphType": "DECIMAL" }, { "glyphType": "ALPHA" } ] } },
                "kix.dot": { "listProperties": { "nestingLevels": [ { "glyphSymbol": "●" } ] } }
              },
              "body": { "content": [
                {{Bullet("kix.num", null, "Detect")}},
                {{Bullet("kix.num", 1, "Pager")}},
                {{Bullet("kix.num", 0, "Mitigate")}},
                {{Bullet("kix.dot", null, "Lesson")}}
              ] } }
            """);

        Assert.Collection(outline.Blocks,
            b =>
            {
                var list = Assert.IsType<ListBlock>(b);
                Assert.True(list.Ordered);
                Assert.Equal([new ListItem("Detect", 0), new ListItem("Pager", 1), new ListItem("Mitigate", 0)], list.Items);
            },
            b => Assert.False(Assert.IsType<ListBlock>(b).Ordered));
    }

    [Fact]
    public void Checklist_items_are_tasks_checked_when_struck_through()
    {
        var outline = Read($$"""
            { "documentId": "d1", "title": "T",
              "lists": { "kix.check": { "listProperties": { "nestingLevels": [ { "glyphType": "GLYPH_TYPE_UNSPECIFIED" } ] } } },
              "body": { "content": [
                {{Bullet("kix.check", null, "Add expiry alert")}},
                { "paragraph": { "elements": [ { "textRun": { "content": "Renew certificate\n", "textStyle": { "strikethrough": true } } } ],
                  "bullet": { "listId": "kix.check", "textStyle": { "strikethrough": true } } } }
              ] } }
            """);

        var list = Assert.IsType<ListBlock>(Assert.Single(outline.Blocks));
        Assert.True(list.IsTaskList);
        Assert.Equal([("Add expiry alert", (bool?)false), ("Renew certificate", true)], list.Items.Select(i => (i.Text, i.Checked)));
    }

    [Fact]
    public void Table_header_row_from_bold_or_table_header_style()
    {
        var cell = (string text, bool bold) => $$"""{ "content": [ {{Para("NORMAL_TEXT", Run(text + "\\n", bold))}} ] }""";
        var outline = Read($$"""
            { "documentId": "d1", "title": "T", "body": { "content": [
              { "table": { "rows": 2, "columns": 2, "tableRows": [
                { "tableCells": [ {{cell("Action", true)}}, {{cell("Owner", true)}} ] },
                { "tableCells": [ {{cell("Alert on expiry", false)}}, {{cell("ana", false)}} ] } ] } },
              { "table": { "rows": 2, "columns": 2, "tableRows": [
                { "tableRowStyle": { "tableHeader": true }, "tableCells": [ {{cell("Time", false)}}, {{cell("Event", false)}} ] },
                { "tableCells": [ {{cell("14:02", false)}}, {{cell("Pager", false)}} ] } ] } }
            ] } }
            """);

        var tables = outline.Blocks.OfType<TableBlock>().ToList();
        Assert.Equal([1, 1], tables.Select(t => t.HeaderRows));
        Assert.Equal(["Alert on expiry", "ana"], tables[0].Rows[1]);
    }

    [Fact]
    public void Tabs_shape_reads_every_tab_in_order_with_child_tabs_and_tab_titles_as_headings()
    {
        var read = new GoogleDocsJsonReader().Read(new SourceFile("doc.json", Encoding.UTF8.GetBytes($$"""
            { "documentId": "tabbed", "title": "Q2 incidents",
              "tabs": [
                { "tabProperties": { "tabId": "t.0", "title": "Summary", "index": 0 },
                  "documentTab": { "body": { "content": [ {{Para("NORMAL_TEXT", Run("Two outages.\\n"))}} ] } },
                  "childTabs": [
                    { "tabProperties": { "tabId": "t.1", "title": "Timeline", "nestingLevel": 1 },
                      "documentTab": {
                        "lists": { "kix.a": { "listProperties": { "nestingLevels": [ { "glyphType": "DECIMAL" } ] } } },
                        "body": { "content": [ {{Bullet("kix.a", null, "14:02 pager")}}, {{Bullet("kix.a", null, "14:10 rollback")}} ] } } }
                  ] },
                { "tabProperties": { "tabId": "t.2", "title": "Action items", "index": 1 },
                  "documentTab": { "body": { "content": [ {{Para("HEADING_2", Run("Open\\n"))}} ] } } }
              ] }
            """))).Single();

        Assert.Equal("gdocs:tabbed", read.SourceKey);
        Assert.Equal("Q2 incidents", read.Outline!.Title);
        Assert.Collection(read.Outline.Blocks,
            b => Assert.Equal(new HeadingBlock(1, "Summary"), b),
            b => Assert.Equal(new ParagraphBlock("Two outages."), b),
            b => Assert.Equal(new HeadingBlock(2, "Timeline"), b),
            b => Assert.True(Assert.IsType<ListBlock>(b).Ordered),
            b => Assert.Equal(new HeadingBlock(1, "Action items"), b),
            b => Assert.Equal(new HeadingBlock(2, "Open"), b));
    }

    [Fact]
    public void A_single_tab_does_not_add_its_title_as_a_heading()
    {
        var outline = Read($$"""
            { "documentId": "one", "title": "Doc",
              "tabs": [ { "tabProperties": { "title": "Tab 1" }, "documentTab": { "body": { "content": [ {{Para("NORMAL_TEXT", Run("Only text.\\n"))}} ] } } } ] }
            """);

        Assert.Equal<Block>([new ParagraphBlock("Only text.")], outline.Blocks);
    }
}
