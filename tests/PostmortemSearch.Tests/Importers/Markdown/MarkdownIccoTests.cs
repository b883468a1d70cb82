using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Importers.Markdown;

/// <summary>The 242 real public incident summaries in ../shared/samples/markdown-icco must all import with their front matter.</summary>
public sealed class MarkdownIccoTests
{
    private static readonly string Folder = RepoPaths.Sample("markdown-icco");

    private static List<FileOutcome> ImportAll() =>
        [.. new Importer().ReadPaths([Folder], RepoPaths.Root).Where(o => o.Path.EndsWith(".md", StringComparison.Ordinal) && !o.Path.EndsWith("SOURCES.md", StringComparison.Ordinal))];

    [Fact]
    public void Every_file_imports_as_one_postmortem()
    {
        var outcomes = ImportAll();
        Assert.Equal(242, outcomes.Count);
        Assert.All(outcomes, o => Assert.Null(o.Error));
        Assert.All(outcomes, o => Assert.Single(o.Postmortems));
        Assert.Equal(242, outcomes.Select(o => o.Postmortems[0].Id).Distinct().Count());
    }

    [Fact]
    public void Front_matter_fields_land_in_the_schema()
    {
        var p = ImportAll().Single(o => o.Path.Contains("00b7f759", StringComparison.Ordinal)).Postmortems[0];
        Assert.Equal("Amazon SimpleDB US East Region Disruption on June 13", p.Title);
        Assert.Equal(["cloud"], p.Tags);
        Assert.Equal(["SimpleDB"], p.Services);
        Assert.Contains(p.Metadata, m => m.Key == "company" && m.Value == "Amazon");
        Assert.StartsWith("Multiple SimpleDB storage nodes lost power", p.Summary);
        Assert.Equal("00b7f759-21f8-4767-8803-f09d863005cd", p.Source.PageId);
    }

    [Fact]
    public void Start_and_end_times_keep_their_zone()
    {
        var p = ImportAll().Single(o => o.Path.Contains("01494547", StringComparison.Ordinal)).Postmortems[0];
        Assert.Equal("2007-12-05T22:04:00+00:00", p.IncidentStart.ToString());
        Assert.Equal("2007-12-06T06:08:00+00:00", p.ResolvedAt.ToString());
        Assert.Equal(TimeSpan.FromMinutes(8 * 60 + 4), p.Duration);
    }

    [Fact]
    public void Every_file_with_a_title_keeps_it_and_the_rest_get_their_first_sentence()
    {
        foreach (var outcome in ImportAll())
        {
            var text = File.ReadAllText(Path.Combine(RepoPaths.Root, outcome.Path));
            var p = outcome.Postmortems[0];
            var titleLine = text.Split('\n').FirstOrDefault(l => l.StartsWith("title:", StringComparison.Ordinal));
            if (titleLine is not null) Assert.Equal(titleLine["title:".Length..].Trim().Trim('"').Replace("\\\"", "\""), p.Title);
            else Assert.Contains(p.Diagnostics, d => d.Message.Contains("no title"));
            Assert.False(string.IsNullOrWhiteSpace(p.Title));
        }
    }

    [Fact]
    public void Categories_become_tags_for_every_file_that_has_some()
    {
        // 56 of the 242 files say "categories: []".
        var withCategories = ImportAll().Select(o => o.Postmortems[0]).Count(p => p.Tags.Count > 0);
        Assert.Equal(186, withCategories);
    }
}
