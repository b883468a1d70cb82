using System.Text;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Importers.Word.Support;
using static PostmortemSearch.Tests.Importers.Word.Support.DocxBuilder;

namespace PostmortemSearch.Tests.Importers.Extraction;

/// <summary>Participants (attendees, people involved, responders) read from every shape a document lists them in.</summary>
public class ParticipantTests
{
    private static Postmortem Read(string name, byte[] bytes)
    {
        var outcome = Assert.Single(new Importer().ReadFile(new SourceFile(name, bytes)));
        Assert.True(outcome.Error is null, outcome.Error);
        return Assert.Single(outcome.Postmortems);
    }

    /// <summary>A short write-up with <paramref name="body"/> under its title (front matter, when it is one, on top).</summary>
    private static Postmortem Markdown(string body) => Read("doc.md", Encoding.UTF8.GetBytes($"""
        {(body.StartsWith("---", StringComparison.Ordinal) ? body : "")}
        # Queue backlog on the billing workers

        {(body.StartsWith("---", StringComparison.Ordinal) ? "" : body)}

        ## Summary

        Billing jobs queued for two hours after a worker pool was resized to zero.

        ## Root cause

        An autoscaler floor of zero let the pool drain overnight.
        """));

    public static TheoryData<string, string[], string> Shapes => new()
    {
        { "Participants: Rosa Iglesias, Tomasz Wrona and Femi Adeyemi", ["Rosa Iglesias", "Tomasz Wrona", "Femi Adeyemi"], "a key: value line with a list" },
        { "**Attendees:** Rosa Iglesias; Tomasz Wrona", ["Rosa Iglesias", "Tomasz Wrona"], "bold key, semicolons" },
        { "## Attendees\n\n- Rosa Iglesias (incident commander)\n- Tomasz Wrona — scribe\n- Femi Adeyemi: comms lead", ["Rosa Iglesias", "Tomasz Wrona", "Femi Adeyemi"], "a section list with roles beside the names" },
        { "## People involved\n\n| Name | Role |\n|---|---|\n| Rosa Iglesias | IC |\n| Tomasz Wrona | SRE on call |", ["Rosa Iglesias", "Tomasz Wrona"], "a Name | Role table under the heading" },
        { "## Responders\n\nRosa Iglesias, Tomasz Wrona", ["Rosa Iglesias", "Tomasz Wrona"], "a section of one line" },
        { "| Date | Severity | Participants |\n|---|---|---|\n| 2025-05-02 | SEV2 | Rosa Iglesias, @t.wrona |", ["Rosa Iglesias", "@t.wrona"], "a column headed Participants, a handle kept as written" },
        { "| Field | Value |\n|---|---|\n| Severity | SEV2 |\n| People involved | Rosa Iglesias, Tomasz Wrona |", ["Rosa Iglesias", "Tomasz Wrona"], "a row of a key/value table" },
        { "---\ntitle: Queue backlog\nattendees: [Rosa Iglesias, Tomasz Wrona]\n---", ["Rosa Iglesias", "Tomasz Wrona"], "front matter list" },
        { "## Review participants\n\n- Rosa Iglesias - IC, Tomasz Wrona - scribe", ["Rosa Iglesias", "Tomasz Wrona"], "two people with roles on one line" },
        { "## Attendees\n\n- TBD", [], "a placeholder is nobody" },
        { "Attendees: 7", [], "a head count is no name" },
        { "Severity: SEV2", [], "no participant list at all" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Participants_are_read_from_every_shape(string block, string[] expected, string reason)
    {
        var pm = Markdown(block);
        Assert.True(expected.SequenceEqual(pm.Participants), $"{reason}: [{string.Join(", ", pm.Participants)}]");
    }

    [Fact]
    public void A_participant_section_does_not_leak_its_lines_into_unmapped_metadata()
    {
        var pm = Markdown("## Attendees\n\n- Rosa Iglesias: incident commander\n- Tomasz Wrona: scribe");

        Assert.Equal(["Rosa Iglesias", "Tomasz Wrona"], pm.Participants);
        Assert.DoesNotContain(pm.Metadata, m => m.Key.Contains("rosa", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Confluence_page_properties_row_gives_participants()
    {
        const string html = "<html><head><title>Billing : Queue backlog on the billing workers</title></head><body><div id=\"main-content\">" +
            "<table class=\"confluenceTable\"><tbody><tr><th>Severity</th><td>SEV2</td></tr><tr><th>Incident responders</th><td><p>Rosa Iglesias</p><p>Tomasz Wrona</p></td></tr></tbody></table>" +
            "<h2>Summary</h2><p>Billing jobs queued for two hours after a worker pool was resized to zero.</p>" +
            "<h2>Root cause</h2><p>An autoscaler floor of zero let the pool drain overnight.</p></div></body></html>";

        var pm = Read("Queue-backlog_4411.html", Encoding.UTF8.GetBytes(html));

        Assert.Equal(["Rosa Iglesias", "Tomasz Wrona"], pm.Participants);
    }

    [Fact]
    public void Word_attendee_table_gives_participants()
    {
        var docx = new DocxBuilder()
            .ParagraphStyle("Heading1", "heading 1")
            .Body(P("Queue backlog on the billing workers", style: "Title"),
                P("Summary", style: "Heading1"), P("Billing jobs queued for two hours after a worker pool was resized to zero."),
                P("Meeting attendees", style: "Heading1"),
                Table(1, ["Attendee", "Team"], ["Rosa Iglesias", "Billing"], ["Femi Adeyemi", "SRE"]))
            .Build();

        var pm = Read("backlog.docx", docx);

        Assert.Equal(["Rosa Iglesias", "Femi Adeyemi"], pm.Participants);
    }

    [Fact]
    public void A_stored_row_written_before_participants_existed_reads_with_none()
    {
        var json = PostmortemJson.Serialize(Markdown("Participants: Rosa Iglesias"));
        var old = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        Assert.True(old.Remove("participants"));

        var read = PostmortemJson.Deserialize(old.ToJsonString());

        Assert.Empty(read.Participants);
        Assert.Equal("Queue backlog on the billing workers", read.Title);
    }
}
