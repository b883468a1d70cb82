using PostmortemSearch.Importers.Outline;
using PostmortemSearch.Importers.Word;
using PostmortemSearch.Tests.Importers.Word.Support;

namespace PostmortemSearch.Tests.Importers.Word;

/// <summary>DocxReader on the real files in shared/samples/docx (see SOURCES.md there); every fact was checked against the file.</summary>
public class DocxSampleTests
{
    private static DocumentOutline Read(string name) => new DocxReader().Read(Samples.Load("docx", name)).Single().Outline!;

    private static List<ParagraphBlock> ParagraphsUnder(DocumentOutline outline, string heading) =>
        outline.Blocks.SkipWhile(b => b is not HeadingBlock h || h.Text != heading).Skip(1)
            .TakeWhile(b => b is not HeadingBlock).OfType<ParagraphBlock>().ToList();

    [Fact]
    public void Postmortem_with_pasted_title_has_heading2_sections_and_a_demoted_misstyled_paragraph()
    {
        var outline = Read("samDeakin04_Incident_Postmortem.docx");

        Assert.Equal("Incident Postmortem: Malware Attack on Telstra’s NBN Network", outline.Title);
        Assert.Equal(
            ["Summary", "Impact", "Detection", "Root Cause", "Resolution", "Action Items"],
            outline.Blocks.OfType<HeadingBlock>().Select(h => h.Text));
        Assert.All(outline.Blocks.OfType<HeadingBlock>(), h => Assert.Equal(2, h.Level));
        Assert.StartsWith("In response to the incident, a dedicated Firewall server handler", Assert.Single(ParagraphsUnder(outline, "Resolution")).Text);
        Assert.Empty(outline.Authors); // dc:creator is empty in this file
    }

    [Fact]
    public void Postmortem_action_items_are_bold_title_and_paragraph_pairs()
    {
        var actionItems = ParagraphsUnder(Read("samDeakin04_Incident_Postmortem.docx"), "Action Items");

        Assert.Equal(new ParagraphBlock("Comprehensive Network Review") { AllBold = true }, actionItems[0]);
        Assert.False(actionItems[1].AllBold);
        Assert.StartsWith("Conduct a thorough assessment", actionItems[1].Text);
        Assert.Equal(5, actionItems.Count(p => p.AllBold));
    }

    [Fact]
    public void Sans_template_has_title_style_heading1_sections_and_timeline_paragraphs()
    {
        var outline = Read("kushpatelj86_Incident_Report_Template.docx");

        Assert.Equal("A Very Important Incident", outline.Title);
        Assert.Equal(
            ["Executive Summary", "Background", "Timeline", "Findings", "Actions Taken", "Financial Impact", "Lessons Learned"],
            outline.Blocks.OfType<HeadingBlock>().Where(h => h.Level == 1).Select(h => h.Text));
        Assert.Equal(["Date: 2024-11-28", "Handler: Duc K.", "Successes", "Opportunities for Improvement"],
            outline.Blocks.OfType<HeadingBlock>().Where(h => h.Level == 2).Select(h => h.Text));

        var timeline = ParagraphsUnder(outline, "Timeline");
        Assert.Equal(8, timeline.Count);
        Assert.Equal("2017-03-24 at 8:00AM PST – Something bad happened", timeline[0].Text);
        Assert.Equal(new Core.Schema.Timestamp(new DateTime(2025, 3, 10, 2, 58, 0), TimeSpan.Zero), outline.Created);
    }

    [Fact]
    public void Sans_template_financial_table_and_lists_keep_their_cells_and_numbering()
    {
        var outline = Read("kushpatelj86_Incident_Report_Template.docx");

        var table = Assert.Single(outline.Blocks.OfType<TableBlock>());
        Assert.Equal(["Item", "Cost"], table.Rows[0]);
        Assert.Equal(["Total", "$175,010"], table.Rows[^1]);
        Assert.Equal(["Labor2", "$50,000"], table.Rows[^2]);

        var lists = outline.Blocks.OfType<ListBlock>().ToList();
        Assert.Equal(2, lists.Count);
        Assert.True(lists[0].Ordered); // numId 1 → decimal
        Assert.StartsWith("Include footnotes to document how costs were calculated", lists[0].Items[0].Text);
        Assert.False(lists[1].Ordered); // numId 2 → bullet, under "Successes"
        Assert.Equal(["Outline where things worked", "This includes controls that helped you find it", "Make sure you include other departments who performed well"],
            lists[1].Items.Select(i => i.Text));
        Assert.All(lists.SelectMany(l => l.Items), i => Assert.Equal(0, i.Level));
    }

    [Fact]
    public void Filled_wordpress_report_keeps_every_timeline_entry()
    {
        var outline = Read("kushpatelj86_Wordpress_Compromise_Incident_Report.docx");

        Assert.Equal("Web Server Compromise", outline.Title);
        var timeline = ParagraphsUnder(outline, "Timeline");
        Assert.Equal(54, timeline.Count);
        Assert.All(timeline, p => Assert.StartsWith("2021-", p.Text));
        Assert.StartsWith("2021-02-02 at 1:28PM PST –A user with the IP address of 77.88.5.21", timeline[0].Text);
        Assert.Contains(timeline, p => p.Text.StartsWith("2021-02-14 to 2021-02-20(8:00AM PST to 8:00PM PST)", StringComparison.Ordinal));
    }

    [Fact]
    public void University_form_reads_core_properties_and_label_value_tables()
    {
        var outline = Read("jjhzba_incident-report-template.docx");

        Assert.Equal("Security Incident Reporting Form", outline.Title);
        Assert.Equal(["Kevin Williams"], outline.Authors);
        Assert.Equal("2014-08-21T20:33:00+00:00", outline.Created.ToString());

        var contact = outline.Blocks.OfType<TableBlock>().First();
        Assert.Equal(["1. Contact Information", ""], contact.Rows[0]);
        Assert.Equal(1, contact.HeaderRows); // the bold section label row
        Assert.Equal(["Full name:", ""], contact.Rows[1]);
        Assert.Equal(9, outline.Blocks.OfType<TableBlock>().Count());
    }

    [Fact]
    public void Converted_form_keeps_checkbox_glyphs_and_labels_in_table_cells()
    {
        var outline = Read("jjhzba_security_incident_response_report_form.docx");

        Assert.Null(outline.Title);
        var cells = outline.Blocks.OfType<TableBlock>().SelectMany(t => t.Rows).SelectMany(r => r).ToList();
        Assert.Contains("Date and Time Detected:", cells);
        Assert.Contains(cells, c => c.Contains("☐ Denial of Service"));
        Assert.Equal("INCIDENT IDENTIFICATION INFORMATION", outline.Blocks.OfType<TableBlock>().First().Rows[0][0]);
    }
}
