using System.IO.Compression;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Importers;

/// <summary>What the importer decides per file, per page and per zip entry, and how it names what it imported.</summary>
public sealed class ImporterTests
{
    private const string Postmortem = """
        # Checkout 502s

        **Severity:** SEV2
        **Start:** 2025-03-04 14:02 UTC

        ## Root cause
        The connection pool was too small.
        """;

    private static string Entities(params (string Id, string Title, string Body)[] pages) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<hibernate-generic datetime=\"2025-01-01 00:00:00\">\n"
        + string.Concat(pages.Select(p => $"""
            <object class="Page" package="com.atlassian.confluence.pages">
              <id name="id">{p.Id}</id>
              <property name="title"><![CDATA[{p.Title}]]></property>
              <property name="contentStatus">current</property>
            </object>
            <object class="BodyContent" package="com.atlassian.confluence.core">
              <id name="id">b{p.Id}</id>
              <property name="body"><![CDATA[{p.Body}]]></property>
              <property name="content" class="Page" package="com.atlassian.confluence.pages"><id name="id">{p.Id}</id></property>
              <property name="bodyType">2</property>
            </object>
            """))
        + "</hibernate-generic>\n";

    [Fact]
    public void A_space_home_page_in_entities_xml_is_skipped_and_the_postmortems_beside_it_are_kept()
    {
        var xml = Entities(
            ("1", "Engineering home", "<p>Welcome to the engineering space.</p>"),
            ("2", "Postmortem: checkout 502s", "<h2>Summary</h2><p>Checkout failed for 40 minutes.</p><h2>Root cause</h2><p>Pool exhaustion.</p>"));

        var outcomes = new Importer().ReadFile(Some.File("entities.xml", xml)).ToList();

        var kept = Assert.Single(outcomes, o => o.Postmortems.Count > 0);
        Assert.Equal("Postmortem: checkout 502s", Assert.Single(kept.Postmortems).Title);
        var skipped = Assert.Single(outcomes, o => o.Skipped);
        Assert.Equal("entities.xml#page=1", skipped.Path);
        Assert.Contains("Engineering home", skipped.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(outcomes, o => o.Rejected);
    }

    [Fact]
    public void An_entities_xml_without_any_postmortem_page_is_rejected_with_the_reason()
    {
        var outcome = Assert.Single(new Importer().ReadFile(Some.File("entities.xml", Entities(("1", "Home", "<p>Welcome.</p>")))));
        Assert.True(outcome.Rejected);
        Assert.Contains("postmortem", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_postmortem_entry_of_a_zip_is_skipped_and_the_rest_kept()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string text)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(text);
            }
            Add("export/notes.md", "# Team offsite\n\nWe met and talked about the roadmap.\n");
            Add("export/checkout.md", Postmortem);
            Add("export/logo.png", "not really a png");
        }

        var outcomes = new Importer().ReadFile(new SourceFile("space.zip", buffer.ToArray())).ToList();

        Assert.Single(outcomes.SelectMany(o => o.Postmortems));
        var skipped = Assert.Single(outcomes, o => o.Skipped);
        Assert.Equal("space.zip!/export/notes.md", skipped.Path);
        Assert.StartsWith("skipped: no postmortem content", skipped.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(outcomes, o => o.Rejected);
    }

    [Fact]
    public void The_same_file_imported_from_two_working_directories_has_one_id()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("exports/word/checkout.md", Postmortem);

        var fromRoot = new Importer().ReadPaths([file], dir.Path).Single().Postmortems.Single();
        var fromExports = new Importer().ReadPaths([file], dir.File("exports")).Single().Postmortems.Single();
        var fromFolder = new Importer().ReadPaths([dir.File("exports")], dir.File("exports/word")).Single().Postmortems.Single();

        Assert.Equal(fromRoot.Id, fromExports.Id);
        Assert.Equal(fromRoot.Id, fromFolder.Id);
        Assert.NotEqual(fromRoot.Source.Path, fromExports.Source.Path);   // the display path stays relative to where the user is
    }

    [Fact]
    public void With_an_id_root_ids_survive_moving_the_tree()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        var first = new Importer(idRoot: a.Path).ReadPaths([a.Write("pm/checkout.md", Postmortem)], a.Path).Single().Postmortems.Single();
        var moved = new Importer(idRoot: b.Path).ReadPaths([b.Write("pm/checkout.md", Postmortem)], "/").Single().Postmortems.Single();
        Assert.Equal(first.Id, moved.Id);
        Assert.Equal(Importer.StableId("pm/checkout.md"), first.Id);
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("SOURCES.md")]
    public void Repository_documentation_in_a_folder_is_skipped_with_a_reason(string name)
    {
        using var dir = new TempDirectory();
        dir.Write("samples/" + name, """
            # Example files — sources

            All files are byte-for-byte copies of blobs from public repositories.

            | Saved file | Repository | What it shows |
            |---|---|---|
            | a.html | org/repo | Space export, generated Jun 11 2025 |

            ## Summary
            Files for tests.
            """);
        dir.Write("samples/checkout.md", Postmortem);

        var outcomes = new Importer().ReadPaths([dir.File("samples")], dir.Path).ToList();

        var doc = Assert.Single(outcomes, o => o.Path.EndsWith(name, StringComparison.Ordinal));
        Assert.True(doc.Skipped);
        Assert.Contains("not a postmortem", doc.Error, StringComparison.Ordinal);
        Assert.Single(outcomes.SelectMany(o => o.Postmortems));
    }

    [Fact]
    public void A_postmortem_saved_as_README_in_its_own_folder_is_still_imported()
    {
        using var dir = new TempDirectory();
        dir.Write("incidents/2025-03-04/README.md", Postmortem + "\n## Timeline\n- 14:02 UTC deploy\n- 14:40 UTC rolled back\n");
        var outcome = Assert.Single(new Importer().ReadPaths([dir.File("incidents")], dir.Path));
        Assert.Equal("Checkout 502s", Assert.Single(outcome.Postmortems).Title);
    }

    /// <summary>The real-world files in ../shared/samples: each is imported, or skipped/rejected with a reason naming the problem.</summary>
    [Fact]
    public void Every_shared_sample_is_imported_or_refused_with_a_reason()
    {
        var files = Directory.EnumerateFiles(RepoPaths.Samples, "*", SearchOption.AllDirectories).ToList();
        Assert.True(files.Count > 250, $"expected the shared samples under {RepoPaths.Samples}");

        var outcomes = new Importer().ReadPaths([RepoPaths.Samples], RepoPaths.Samples).ToList();

        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(RepoPaths.Samples, file).Replace('\\', '/');
            var mine = outcomes.Where(o => o.Path == relative || o.Path.StartsWith(relative + "#", StringComparison.Ordinal) || o.Path.StartsWith(relative + "!", StringComparison.Ordinal)).ToList();
            Assert.True(mine.Count > 0, $"{relative}: no outcome");
            Assert.All(mine, o => Assert.True(o.Postmortems.Count > 0 || (o.Error is { Length: > 10 } && !o.Error.Contains("Exception", StringComparison.Ordinal)), $"{o.Path}: neither imported nor refused with a reason ({o.Error})"));
        }
        // Repository documentation is never a postmortem.
        Assert.All(outcomes.Where(o => Path.GetFileName(o.Path) is "SOURCES.md" or "README.md"), o => Assert.Empty(o.Postmortems));
        Assert.Equal(242, outcomes.Count(o => o.Path.StartsWith("markdown-icco/", StringComparison.Ordinal) && o.Postmortems.Count == 1));
    }
}
