using System.Text.RegularExpressions;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Importers.Extraction;

/// <summary>
/// Gathers key/value pairs wherever documents write them: reader metadata (page properties, front matter),
/// two-column and label/value tables, "Key: value" lines and list items, and one-value sections like "### Date".
/// The first value for a field wins; services, authors, teams and tags accumulate.
/// </summary>
internal sealed partial class MetadataCollector
{
    private readonly Dictionary<MetaField, string> _first = [];
    private readonly Dictionary<MetaField, List<string>> _all = [];
    private readonly Dictionary<MetaField, TimeSpan> _zones = [];

    public List<MetadataEntry> Unmapped { get; } = [];

    public string? this[MetaField field] => _first.GetValueOrDefault(field);

    /// <summary>The value of a bare "Date:" key (not "Incident date"): the date the document gives itself.</summary>
    public string? DocumentDate { get; private set; }

    public IReadOnlyList<string> All(MetaField field) => _all.TryGetValue(field, out var list) ? list : [];

    /// <summary>The zone the key of the first value named ("Start Time (UTC)"); times written without one take it.</summary>
    public TimeSpan? ZoneOf(MetaField field) => _zones.TryGetValue(field, out var z) ? z : null;

    /// <summary>Adds a pair; returns whether the key was one the schema knows.</summary>
    public bool Add(string key, string value, bool keepUnknown = true) => Add(key, value, keepUnknown, null);

    /// <summary>Adds a pair whose value column named a zone ("Date et heure (CET)"), used when the key names none.</summary>
    private bool Add(string key, string value, bool keepUnknown, TimeSpan? columnZone)
    {
        var k = key.Trim();
        var v = value.Trim();
        if (k.Length == 0 || v.Length == 0 || Placeholder().IsMatch(v)) return false;
        var field = MetadataKeys.Classify(k, v);
        if (field == MetaField.None)
        {
            if (keepUnknown && !Unmapped.Any(e => e.Key.Equals(k, StringComparison.OrdinalIgnoreCase)))
                Unmapped.Add(new MetadataEntry(MetadataKeys.Normalize(k).Replace(' ', '_'), v));
            return false;
        }
        // "Minutes downtime: 96": a bare number takes the unit its key names.
        if (field == MetaField.Duration && BareNumber().IsMatch(v) && UnitKey().Match(MetadataKeys.Normalize(k)) is { Success: true } unit) v = $"{v} {unit.Value}";
        if (field == MetaField.IncidentDate && DocumentDate is null && MetadataKeys.Normalize(k) is "date" or "fecha" or "datum" or "date du document") DocumentDate = v;
        if (_first.TryAdd(field, v) && (MetadataKeys.ZoneOf(k) ?? columnZone) is { } zone) _zones[field] = zone;
        if (!_all.TryGetValue(field, out var list)) _all[field] = list = [];
        list.Add(v);
        return true;
    }

    /// <summary>
    /// Whether the lines are a metadata list: every one "Key: value" with a short key, and at least one key a metadata
    /// field of the schema ("Service(s) affected: a, b" / "Team attribution: x" / "Minutes downtime: 96").
    /// </summary>
    public static bool IsPairList(IReadOnlyList<string> lines)
    {
        if (lines.Count == 0) return false;
        var keys = new List<string>();
        foreach (var line in lines)
        {
            var m = KeyValueLine().Match(line.Trim());
            if (!m.Success || m.Groups["key"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 5) return false;
            keys.Add(m.Groups["key"].Value);
        }
        return keys.Any(k => MetadataKeys.Classify(k) is not (MetaField.None or MetaField.Summary or MetaField.Impact or MetaField.Detection
            or MetaField.Trigger or MetaField.RootCause or MetaField.Resolution));
    }

    [GeneratedRegex(@"^\d+(?:[.,]\d+)?$")]
    private static partial Regex BareNumber();

    [GeneratedRegex(@"^(minutes|mins|hours)\b")]
    private static partial Regex UnitKey();

    /// <summary>Reads "Key: value" from one line; returns whether it was a known key.</summary>
    public bool TryAddLine(string line, bool keepUnknown)
    {
        var m = KeyValueLine().Match(line.Trim());
        if (!m.Success) return false;
        var key = m.Groups["key"].Value;
        if (MetadataKeys.Classify(key) == MetaField.None && (!keepUnknown || key.Split(' ').Length > 4)) return false;
        return Add(key, m.Groups["value"].Value, keepUnknown);
    }

    /// <summary>Two-column key/value tables and form tables ("Label:" cell followed by its value).</summary>
    public bool TryAddTable(TableBlock table, bool keepUnknown)
    {
        var rows = table.Rows;
        if (rows.Count == 0) return false;
        var pairs = new List<(string Key, string Value)>();
        foreach (var row in rows)
        {
            var cells = row.Select(c => c.Trim()).ToList();
            if (cells.Count == 2) pairs.Add((cells[0], cells[1]));
            else
            {
                for (var i = 0; i + 1 < cells.Count; i++)
                    if (cells[i].EndsWith(':') && cells[i].Length < 60) { pairs.Add((cells[i], cells[i + 1])); i++; }
            }
        }
        var known = pairs.Count(p => MetadataKeys.Classify(p.Key) != MetaField.None);
        var keyLike = pairs.Count(p => p.Key.Length is > 0 and < 50);
        if (pairs.Count == 0 || known == 0 || keyLike < pairs.Count * 0.8) return false;
        // "Milestone | Time (CET)": a header row whose value column names a zone gives it to every time below.
        var columnZone = rows[0].Count == 2 ? MetadataKeys.ZoneOf(rows[0][1]) ?? DateTimeText.ZoneInParentheses(rows[0][1]) : null;
        foreach (var (key, value) in pairs) Add(key, value, keepUnknown, columnZone);
        return true;
    }

    [GeneratedRegex(@"^[\-*•]?\s*\**(?<key>[\p{L}][\p{L}\p{N} /&()'_\-]{0,40}?)\**\s*[:：]\s*\**\s*(?<value>\S.*)$")]
    private static partial Regex KeyValueLine();

    /// <summary>Template placeholders are not values: "TBD", "N/A", "&lt;date&gt;", "[name]".</summary>
    [GeneratedRegex(@"^(tbd|tba|n/?a|none|-+|…|\.\.\.|\?+|<[^>]*>|\[[^\]]*\]|\{[^}]*\}|x+|unknown)$", RegexOptions.IgnoreCase)]
    private static partial Regex Placeholder();
}
