using BenchmarkDotNet.Attributes;
using PostmortemSearch.Importers;

namespace PostmortemSearch.Benchmarks;

/// <summary>
/// Import throughput per format: read + extract one representative file of each format from ingest-samples/,
/// in memory (no store), so the figure is the importer's own cost. Each input is a real sample of its export format.
/// </summary>
[MemoryDiagnoser]
public class ImportBenchmarks
{
    private readonly Importer _importer = new();
    private SourceFile _file = null!;

    [Params(
        "markdown/2024-07-16-checkout-502s-payments-gateway-4-12.md",    // SRE-book template with front matter and a timeline
        "confluence-space/Checkout-outage-2025-03-04_98304412.html",     // Confluence page with chrome, page properties, Jira macros
        "confluence-xml/entities.xml",                                   // space XML export: 3 current pages among versions and drafts
        "gdocs-html/Paybridge-outage-December-2024.zip",                 // Docs HTML zip with .cN classes and kix lists
        "gdocs-json/redis-stampede-2025-02-11.json",                     // Docs API JSON
        "word/auth-login-errors-2025-04-09.docx",                        // Word with tables for timeline and action items
        "jsonl/backup.jsonl")]                                           // the backup path
    public string Sample { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var root = FindRoot();
        var path = Path.Combine(root, "ingest-samples", Sample);
        _file = new SourceFile(Sample, File.ReadAllBytes(path));
    }

    [Benchmark]
    public int ReadAndExtract() => _importer.ReadFile(_file).Sum(o => o.Postmortems.Count);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PostmortemSearch.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("PostmortemSearch.sln not found");
    }
}
