using System.Text;
using BenchmarkDotNet.Attributes;
using PostmortemSearch.Importers;

namespace PostmortemSearch.Benchmarks;

/// <summary>
/// Whether reading one large HTML export grows linearly with its size: the same repeated section at 1, 4 and 10 MB.
/// Time per megabyte should stay flat across the three; the tests only check that such a file is read whole.
/// </summary>
[MemoryDiagnoser]
public class LargeDocumentBenchmarks
{
    private const string Row = "<h2>Timeline</h2><p>At <b>10:02</b> the <a href='#'>checkout-api</a> returned 502s.</p>"
        + "<ul><li>one<ul><li>two</li></ul></li></ul><table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>";

    private readonly Importer _importer = new();
    private SourceFile _file = null!;

    [Params(1, 4, 10)]
    public int Megabytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var html = new StringBuilder("<html><body><h1>Large export</h1>");
        while (html.Length < Megabytes * 1_000_000) html.Append(Row);
        html.Append("</body></html>");
        _file = new SourceFile("large.html", Encoding.UTF8.GetBytes(html.ToString()));
    }

    [Benchmark]
    public int ReadAndExtract() => _importer.ReadFile(_file).Sum(o => o.Postmortems.Count);
}
