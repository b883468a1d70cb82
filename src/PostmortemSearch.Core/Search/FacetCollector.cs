using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace PostmortemSearch.Core.Search;

/// <summary>
/// Counts every matching document into the facets (service, severity, year, quarter) from doc values: per segment an
/// array increment per ordinal, turned into values once per segment. Also the total, and the point where a search
/// notices cancellation and the end of its time budget (at each segment and every 4,096 matches).
/// </summary>
internal sealed class FacetCollector(long deadline, CancellationToken cancellationToken) : ICollector
{
    private readonly Dictionary<string, int> _service = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _severity = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _year = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _quarter = new(StringComparer.Ordinal);
    private SortedSetDocValues? _services;
    private SortedDocValues? _severities, _years, _quarters;
    private int[] _serviceCounts = [], _severityCounts = [], _yearCounts = [], _quarterCounts = [];

    public int Total { get; private set; }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    /// <summary>Throws <see cref="OperationCanceledException"/> when the caller went away, <see cref="TimeoutException"/> past the deadline (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public void Check()
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (System.Diagnostics.Stopwatch.GetTimestamp() >= deadline) throw new TimeoutException();
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        Check();
        Flush();
        var reader = context.AtomicReader;
        _services = reader.GetSortedSetDocValues(IndexSchema.FacetService);
        _severities = reader.GetSortedDocValues(IndexSchema.FacetSeverity);
        _years = reader.GetSortedDocValues(IndexSchema.FacetYear);
        _quarters = reader.GetSortedDocValues(IndexSchema.FacetQuarter);
        _serviceCounts = new int[_services?.ValueCount ?? 0];
        _severityCounts = new int[_severities?.ValueCount ?? 0];
        _yearCounts = new int[_years?.ValueCount ?? 0];
        _quarterCounts = new int[_quarters?.ValueCount ?? 0];
    }

    public void Collect(int doc)
    {
        if ((++Total & 4095) == 0) Check();
        if (_services is not null)
        {
            _services.SetDocument(doc);
            long ord;
            while ((ord = _services.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS) _serviceCounts[ord]++;
        }
        Count(_severities, _severityCounts, doc);
        Count(_years, _yearCounts, doc);
        Count(_quarters, _quarterCounts, doc);
    }

    private static void Count(SortedDocValues? values, int[] counts, int doc)
    {
        if (values is null) return;
        var ord = values.GetOrd(doc);
        if (ord >= 0) counts[ord]++;
    }

    private void Flush()
    {
        var scratch = new BytesRef();
        for (var o = 0; o < _serviceCounts.Length; o++)
            if (_serviceCounts[o] > 0)
            {
                _services!.LookupOrd(o, scratch);
                Add(_service, scratch.Utf8ToString(), _serviceCounts[o]);
            }
        Flush(_severities, _severityCounts, _severity, scratch);
        Flush(_years, _yearCounts, _year, scratch);
        Flush(_quarters, _quarterCounts, _quarter, scratch);
        _serviceCounts = _severityCounts = _yearCounts = _quarterCounts = [];
    }

    private static void Flush(SortedDocValues? values, int[] counts, Dictionary<string, int> into, BytesRef scratch)
    {
        for (var o = 0; o < counts.Length; o++)
            if (counts[o] > 0)
            {
                values!.LookupOrd(o, scratch);
                Add(into, scratch.Utf8ToString(), counts[o]);
            }
    }

    // The first spelling seen of a service is the one shown ("Billing" and "billing" are one value).
    private static void Add(Dictionary<string, int> into, string value, int count) => into[value] = into.GetValueOrDefault(value) + count;

    public SearchFacets ToFacets()
    {
        Flush();
        return new SearchFacets(Sorted(_service), Sorted(_severity, byValue: true), Sorted(_year, byValue: true, descending: true), Sorted(_quarter, byValue: true, descending: true));
    }

    private static List<FacetValue> Sorted(Dictionary<string, int> counts, bool byValue = false, bool descending = false)
    {
        var values = counts.Select(kv => new FacetValue(kv.Key, kv.Value));
        values = byValue
            ? (descending ? values.OrderByDescending(v => v.Value, StringComparer.Ordinal) : values.OrderBy(v => v.Value, StringComparer.Ordinal))
            : values.OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.OrdinalIgnoreCase);
        return [.. values];
    }
}
