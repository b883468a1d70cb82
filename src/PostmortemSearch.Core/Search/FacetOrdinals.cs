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
