using System.Text;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Robustness;

namespace PostmortemSearch.Tests.Importers.Limits;

/// <summary>
/// Cost per byte of hostile or merely huge Markdown, asserted on what the import allocates and on how deep it lets
/// Markdig go — never on time (timings are in benchmarks/…/ImportBenchmarks). Runs alone: what a result retains is
/// read from the process-wide heap, which other tests running at the same time would add to (seen: 160 MB "retained").
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class ImportCostTests
{
    private static long AllocatedBy(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static string OneParagraph(int bytes)
    {
        var sentence = "The cache layer returned stale entries while the primary was failing over to the replica. ";
        var text = new StringBuilder("# Huge one-paragraph write-up\n\n## Summary\n\n");
        while (text.Length < bytes) text.Append(sentence);
        return text.ToString();
    }

    /// <summary>
    /// What the imported postmortem holds stays under 10× the file (it keeps the text: field, section and hash input),
    /// and all that is allocated on the way is bounded too — linear in the input, where copying the rest of a paragraph
    /// for every cue word made a 47 MB file cost 2.8 GB.
    /// </summary>
    [Fact]
    public void A_huge_one_paragraph_markdown_file_costs_memory_linear_in_its_size()
    {
        var bytes = Encoding.UTF8.GetBytes(OneParagraph(4_000_000));
        GC.Collect();
        var live = GC.GetTotalMemory(forceFullCollection: true);
        List<FileOutcome> outcomes = [];
        var allocated = AllocatedBy(() => outcomes = [.. new Importer().ReadFile(new SourceFile("huge.md", bytes))]);
        var retained = GC.GetTotalMemory(forceFullCollection: true) - live;
        var postmortem = Assert.Single(Assert.Single(outcomes).Postmortems);
        Assert.True(retained < 10L * bytes.Length, $"the result holds {retained / 1e6:0.0} MB for a {bytes.Length / 1e6:0.0} MB file");
        Assert.True(allocated < 64L * bytes.Length, $"import allocated {allocated / 1e6:0.0} MB for a {bytes.Length / 1e6:0.0} MB file");
        Assert.True(postmortem.Summary!.Length > 3_000_000, "the text is kept");
        GC.KeepAlive(outcomes);
    }

    [Fact]
    public void A_list_nested_thousands_of_levels_is_rejected_before_markdig_parses_it()
    {
        var text = new StringBuilder("# Deep\n\n");
        for (var level = 0; level < 3_000; level++) text.Append(' ', level * 2).Append("- level ").Append(level).Append('\n');
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        List<FileOutcome> outcomes = [];
        var allocated = AllocatedBy(() => outcomes = [.. new Importer().ReadFile(new SourceFile("deep.md", bytes))]);
        var outcome = Assert.Single(outcomes);
        Assert.True(outcome.Rejected);
        Assert.Contains("nest", outcome.Error, StringComparison.Ordinal);
        Assert.True(allocated < 4L * bytes.Length + 1_000_000, $"rejecting allocated {allocated / 1e6:0.0} MB for {bytes.Length / 1e6:0.0} MB");
    }

    [Theory]
    [InlineData("- a", 1, "one list level")]
    [InlineData("  - b", 2, "two columns of indentation: a level deeper")]
    [InlineData("> > quote", 2, "quote markers count")]
    [InlineData("> - quoted item", 2, "a list in a quote")]
    [InlineData("- - - x", 3, "lists opened on one line")]
    [InlineData("plain text - not a list", 0, "a dash inside text")]
    [InlineData("        - 8 spaces", 5, "indentation alone")]
    public void Nesting_depth_of_a_line(string line, int depth, string reason)
    {
        var fence = false;
        Assert.True(PostmortemSearch.Importers.Markdown.MarkdownNesting.LineDepth(line, ref fence) == depth, reason);
    }

    [Fact]
    public void Fenced_code_nests_nothing()
    {
        var text = "```\n" + string.Join('\n', Enumerable.Range(0, 200).Select(i => new string(' ', i * 2) + "- x")) + "\n```\n";
        Assert.Equal(0, PostmortemSearch.Importers.Markdown.MarkdownNesting.Deepest(text));
    }
}
