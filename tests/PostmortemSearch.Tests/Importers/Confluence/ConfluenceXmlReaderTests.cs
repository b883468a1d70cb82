using PostmortemSearch.Importers;
using PostmortemSearch.Importers.Confluence;
using PostmortemSearch.Importers.Outline;
using PostmortemSearch.Tests.Importers.Html;

namespace PostmortemSearch.Tests.Importers.Confluence;

public sealed class ConfluenceXmlReaderTests
{
    private static readonly ConfluenceXmlReader Reader = new();

    private static string Entities(string objects) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <hibernate-generic datetime="2024-01-01 00:00:00">
        {objects}
        </hibernate-generic>
        """;

    private static string Page(string id, string title, string body, string extra = "") => $"""
        <object class="Page" package="com.atlassian.confluence.pages">
          <id name="id">{id}</id>
          <property name="title"><![CDATA[{title}]]></property>
          <property name="contentStatus">current</property>
          <property name="creationDate">2024-03-01 09:15:00.000</property>
          <property name="creator" class="ConfluenceUserImpl" package="com.atlassian.confluence.user"><id name="key">u1</id></property>
          {extra}
        </object>
        <object class="BodyContent" package="com.atlassian.confluence.core">
          <id name="id">b{id}</id>
          <property name="body"><![CDATA[{body}]]></property>
          <property name="content" class="Page" package="com.atlassian.confluence.pages"><id name="id">{id}</id></property>
          <property name="bodyType">2</property>
        </object>
        <object class="ConfluenceUserImpl" package="com.atlassian.confluence.user">
          <id name="key">u1</id>
          <property name="name">jo.park</property>
        </object>
        """;

    [Fact]
    public void Tags_export_returns_only_current_page_versions()
    {
        var documents = Reader.Read(HtmlSamples.Load("confluence", "xwiki_confluence80tags_entities.xml"));
        Assert.Equal(["360461", "360451", "360470", "360472"], documents.Select(d => d.SourceKey!["confluence:".Length..]));
        Assert.Equal(["HoomePage", "AreTagsImported", "notagspage", "three tags page"], documents.Select(d => d.Outline!.Title));
        Assert.All(documents, d => Assert.EndsWith("xwiki_confluence80tags_entities.xml#page=" + d.SourceKey!["confluence:".Length..], d.Path));
    }

    [Fact]
    public void Tags_export_joins_body_labels_and_people()
    {
        var documents = Reader.Read(HtmlSamples.Load("confluence", "xwiki_confluence80tags_entities.xml"));
        var three = documents.Single(d => d.Outline!.Title == "three tags page").Outline!;
        Assert.Equal(["three1", "three2", "generic"], three.Labels);
        Assert.Equal(["admin"], three.Authors);
        Assert.Equal(new DateTime(2023, 12, 18, 15, 9, 33, 97), three.Created?.Local);
        Assert.Null(three.Created?.Offset);
        Assert.Equal(new DateTime(2023, 12, 18, 15, 9, 51, 558), three.Modified?.Local);
        Assert.Equal("ffsd sdfsfs dsfsf", Assert.IsType<ParagraphBlock>(Assert.Single(three.Blocks)).Text);
    }

    [Fact]
    public void Tags_export_home_page_layout_macros_and_task_list_are_read()
    {
        var home = Reader.Read(HtmlSamples.Load("confluence", "xwiki_confluence80tags_entities.xml"))
            .Single(d => d.SourceKey == "confluence:360451").Outline!;
        Assert.Equal(["homepagelabel", "generic"], home.Labels);
        Assert.StartsWith("Welcome to your first space.", Assert.IsType<ParagraphBlock>(home.Blocks[0]).Text);
        Assert.Contains(home.Blocks.OfType<HeadingBlock>(), h => h.Level == 1 && h.Text == "Core team");
        var tasks = Assert.Single(home.Blocks.OfType<ListBlock>(), l => l.IsTaskList);
        Assert.Equal(4, tasks.Items.Count);
        Assert.All(tasks.Items, i => Assert.False(i.Checked));
        Assert.Equal("Customize the name, colour, and icon of Confluence.", tasks.Items[0].Text);
        Assert.Contains(home.Diagnostics, d => d.Message.Contains("roadmap", StringComparison.Ordinal) || d.Message.Contains("macro", StringComparison.Ordinal));
    }

    [Fact]
    public void Jira_export_single_issue_macros_become_tickets_and_jql_lists_a_diagnostic()
    {
        var page = Assert.Single(Reader.Read(HtmlSamples.Load("confluence", "xwiki_jira_entities.xml"))).Outline!;
        Assert.Equal("TestContent", page.Title);
        Assert.Equal("JAXA-27", Assert.Single(page.Tickets).Key);
        Assert.Contains(page.Blocks.OfType<ParagraphBlock>(), p => p.Text == "JAXA-27");
        Assert.Contains(page.Diagnostics, d => d.Message.Contains("JQL", StringComparison.Ordinal));
    }

    [Fact]
    public void Storage_tasks_with_user_mentions_and_due_dates_and_macros_are_read()
    {
        var body = """
            <h2>Action items</h2>
            <ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>complete</ac:task-status>
            <ac:task-body>Rotate certs <ac:link><ri:user ri:userkey="u1" /></ac:link> <time datetime="2024-05-02" /></ac:task-body></ac:task>
            <ac:task><ac:task-id>2</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Add alert&nbsp;now</ac:task-body></ac:task></ac:task-list>
            <ac:structured-macro ac:name="info"><ac:parameter ac:name="title">Heads up</ac:parameter><ac:rich-text-body><p>Customer impact &mdash; 40 min</p></ac:rich-text-body></ac:structured-macro>
            <p>State: <ac:structured-macro ac:name="status"><ac:parameter ac:name="title">RESOLVED</ac:parameter></ac:structured-macro></p>
            <ac:structured-macro ac:name="code"><ac:parameter ac:name="language">bash</ac:parameter><ac:plain-text-body><![CDATA[kubectl rollout undo deploy/api
            echo <done>]]></ac:plain-text-body></ac:structured-macro>
            <ac:structured-macro ac:name="details"><ac:rich-text-body><table><tbody><tr><th>Severity</th><td>SEV2</td></tr><tr><th>Owner</th><td><ac:link><ri:user ri:userkey="u1" /></ac:link></td></tr></tbody></table></ac:rich-text-body></ac:structured-macro>
            """;
        // The body sits in CDATA in entities.xml, so nested CDATA needs the standard split.
        var xml = Entities(Page("7", "Outage", body.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal)));
        var page = Assert.Single(Reader.Read(HtmlSamples.Inline("entities.xml", xml))).Outline!;
        var tasks = Assert.Single(page.Blocks.OfType<ListBlock>());
        Assert.Equal(new ListItem("Rotate certs jo.park 2024-05-02") { Checked = true, Assignee = "jo.park", Due = new DateOnly(2024, 5, 2) }, tasks.Items[0]);
        Assert.Equal(new ListItem("Add alert now") { Checked = false }, tasks.Items[1]);
        Assert.Contains(page.Blocks.OfType<ParagraphBlock>(), p => p.Text == "Customer impact — 40 min");
        Assert.Contains(page.Blocks.OfType<ParagraphBlock>(), p => p.Text == "State: RESOLVED");
        var code = Assert.Single(page.Blocks.OfType<CodeBlock>());
        Assert.Equal("bash", code.Language);
        Assert.Equal("kubectl rollout undo deploy/api\necho <done>", code.Text.Replace("            ", "", StringComparison.Ordinal));
        Assert.Equal([new("Severity", "SEV2"), new("Owner", "jo.park")], page.Metadata);
        Assert.DoesNotContain(page.Blocks.OfType<TableBlock>(), t => t.Rows[0][0] == "Severity");
        Assert.Equal(["jo.park"], page.Authors);
    }

    [Fact]
    public void Historical_versions_drafts_and_deleted_pages_are_skipped()
    {
        var xml = Entities(
            Page("1", "Current", "<p>now</p>")
            + Page("2", "Old", "<p>then</p>", """<property name="originalVersion" class="Page" package="x"><id name="id">1</id></property>""")
            + Page("3", "Gone", "<p>x</p>").Replace("<property name=\"contentStatus\">current</property>", "<property name=\"contentStatus\">deleted</property>", StringComparison.Ordinal)
            + Page("4", "Draft", "<p>x</p>").Replace("<property name=\"contentStatus\">current</property>", "<property name=\"contentStatus\">draft</property>", StringComparison.Ordinal));
        var page = Assert.Single(Reader.Read(HtmlSamples.Inline("entities.xml", xml)));
        Assert.Equal("Current", page.Outline!.Title);
    }

    [Fact]
    public void External_entity_doctype_is_rejected_with_a_clear_reason()
    {
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE hibernate-generic [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <hibernate-generic><object class="Page"><id name="id">1</id><property name="title">&xxe;</property></object></hibernate-generic>
            """;
        var error = Assert.Throws<ImportException>(() => Reader.Read(HtmlSamples.Inline("entities.xml", xml)));
        Assert.Contains("DTD", error.Message, StringComparison.Ordinal);
        Assert.Contains("external entities", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Billion_laughs_is_rejected_without_expanding()
    {
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
            <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
            <hibernate-generic><object class="Page"><id name="id">1</id><property name="title">&lol4;</property></object></hibernate-generic>
            """;
        var error = Assert.Throws<ImportException>(() => Reader.Read(HtmlSamples.Inline("entities.xml", xml)));
        Assert.Contains("entity expansion", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_or_empty_or_foreign_xml_is_rejected()
    {
        Assert.Contains("well-formed", Assert.Throws<ImportException>(() => Reader.Read(HtmlSamples.Inline("entities.xml", "<hibernate-generic><object>"))).Message, StringComparison.Ordinal);
        Assert.Contains("empty", Assert.Throws<ImportException>(() => Reader.Read(new SourceFile("entities.xml", Array.Empty<byte>()))).Message, StringComparison.Ordinal);
        Assert.Contains("hibernate-generic", Assert.Throws<ImportException>(() => Reader.Read(HtmlSamples.Inline("entities.xml", "<rss/>"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Claims_entities_xml_only()
    {
        Assert.True(Reader.CanRead(HtmlSamples.Load("confluence", "xwiki_jira_entities.xml")));
        Assert.False(Reader.CanRead(HtmlSamples.Inline("other.xml", "<rss/>")));
    }
}
