using System.Collections.Concurrent;

namespace PostmortemSearch.Core.Search;

/// <summary>
/// Facet values (services, severities, years, quarters) interned as small integers, so counting facets over every
/// matching document is an array increment per document instead of a string-keyed dictionary update.
/// Services compare case-insensitively, so one table with case-insensitive keys serves all facets; the first
/// spelling seen is the one shown.
/// </summary>
internal static class FacetOrdinals
{
    private static readonly ConcurrentDictionary<string, int> Ids = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Lock Gate = new();
    private static string[] _values = new string[64];
    private static int _count;

    public static int Count => Volatile.Read(ref _count);

    public static int Of(string value)
    {
        if (Ids.TryGetValue(value, out var id)) return id;
        lock (Gate)
        {
            if (Ids.TryGetValue(value, out id)) return id;
            id = _count;
            if (id == _values.Length) Array.Resize(ref _values, id * 2);
            _values[id] = value;
            Ids[value] = id;
            Volatile.Write(ref _count, id + 1);
            return id;
        }
    }

    public static string ValueOf(int id) => Volatile.Read(ref _values)[id];
}

/// <summary>
/// The four facet ordinals of every doc in one flat array (doc × 4: service, severity, year, quarter), so counting
/// facets over thousands of matching docs reads consecutive ints instead of following a pointer per doc.
/// Shared and append-only like <see cref="IndexSnapshot.Docs"/>: a writer fills slots past every published DocCount.
/// </summary>
internal sealed class FacetColumns
{
    public const int Width = 4;
    /// <summary>The doc has no value for the facet.</summary>
    public const int None = -1;
    /// <summary>The doc has several services: read <see cref="DocRecord.ServiceOrdinals"/>.</summary>
    public const int Several = -2;

    public FacetColumns(int capacity) => Ordinals = new int[capacity * Width];

    public int[] Ordinals { get; }

    public int Capacity => Ordinals.Length / Width;

    public void Set(int doc, DocRecord d)
    {
        var services = d.ServiceOrdinals;
        var at = doc * Width;
        Ordinals[at] = services.Length switch { 0 => None, 1 => services[0], _ => Several };
        Ordinals[at + 1] = d.SeverityOrdinal;
        Ordinals[at + 2] = d.YearOrdinal;
        Ordinals[at + 3] = d.QuarterOrdinal;
    }

    /// <summary>A larger copy holding the first <paramref name="docs"/> docs.</summary>
    public FacetColumns CopyTo(int capacity, int docs)
    {
        var copy = new FacetColumns(capacity);
        Array.Copy(Ordinals, copy.Ordinals, docs * Width);
        return copy;
    }
}
