using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using PostmortemSearch.Core.Analytics.Taxonomy;

namespace PostmortemSearch.Core.Analytics.Curation;

[JsonConverter(typeof(JsonStringEnumConverter<CurationAction>))]
public enum CurationAction
{
    [JsonStringEnumMemberName("rename")] Rename,
    [JsonStringEnumMemberName("merge")] Merge,
    [JsonStringEnumMemberName("split")] Split,
    [JsonStringEnumMemberName("move")] Move,
    [JsonStringEnumMemberName("not-a-cause")] NotACause,
}

/// <summary>A statement a decision is about: its stable key (postmortem id + text) and its text (what the classifier learns).</summary>
public sealed record CuratedStatement(string Key, string PostmortemId, string Text)
{
    public static CuratedStatement Of(FactorStatement s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(KeyOf(s), s.PostmortemId, s.Text);
    }

    /// <summary>Postmortem id + a hash of the normalised text: the same statement keeps its key across re-imports and re-clustering.</summary>
    public static string KeyOf(FactorStatement s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var normal = string.Join(' ', s.Text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return s.PostmortemId + "#" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normal)))[..16];
    }
}

/// <summary>
/// One curation decision, stored with who and when. It carries the statements it was about (resolved when it was
/// made), so it means the same thing after any later re-clustering: the statements are pinned to the target and
/// become training examples of it.
/// </summary>
public sealed record CurationDecision
{
    public long Seq { get; init; }
    public DateTimeOffset At { get; init; }
    public required string Actor { get; init; }
    public required CurationAction Action { get; init; }
    /// <summary>The cluster acted on (rename, merge's source, split, move's source, not-a-cause).</summary>
    public required string ClusterId { get; init; }
    /// <summary>Merge/move: the cluster the statements go to.</summary>
    public string? TargetClusterId { get; init; }
    /// <summary>Rename: the new label; split: the new cluster's label.</summary>
    public string? Label { get; init; }
    /// <summary>The statements moved, merged, split off, renamed or marked (at decision time).</summary>
    public IReadOnlyList<CuratedStatement> Statements { get; init; } = [];
    /// <summary>The target's statements when the target was a discovered cluster (they define its new category).</summary>
    public IReadOnlyList<CuratedStatement> TargetStatements { get; init; } = [];
    /// <summary>The label the cluster had when the decision was made (so a discovered cluster keeps it when it becomes a category).</summary>
    public string? ClusterLabel { get; init; }
    public string? TargetLabel { get; init; }
}

/// <summary>
/// The taxonomy as curation left it: base categories (renamed where renamed), categories curation created, the
/// curated statements as weighted training examples, statements pinned to a category, merged-away categories and the
/// categories marked "not a cause". Pure: the same decisions over the same taxonomy give the same result.
/// </summary>
public sealed record CuratedTaxonomy
{
    public required IReadOnlyList<TaxonomyCategory> Categories { get; init; }
    /// <summary>Curated statements (text, category) — weighted higher than taxonomy examples when training.</summary>
    public IReadOnlyList<(string Text, string Category)> CuratedExamples { get; init; } = [];
    /// <summary>Statement key → category: the statement goes there whatever the classifier says.</summary>
    public IReadOnlyDictionary<string, string> Pins { get; init; } = new Dictionary<string, string>();
    /// <summary>Merged-away category → the category it was merged into.</summary>
    public IReadOnlyDictionary<string, string> Aliases { get; init; } = new Dictionary<string, string>();
    public IReadOnlySet<string> NotACause { get; init; } = new HashSet<string>();

    public static CuratedTaxonomy Uncurated(FactorTaxonomy taxonomy)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        return new() { Categories = taxonomy.Categories };
    }

    /// <summary>Folds <paramref name="decisions"/> (oldest first) over <paramref name="taxonomy"/>.</summary>
    public static CuratedTaxonomy Apply(FactorTaxonomy taxonomy, IReadOnlyList<CurationDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        ArgumentNullException.ThrowIfNull(decisions);
        var categories = taxonomy.Categories.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var order = taxonomy.Categories.Select(c => c.Id).ToList();
        var examples = new List<(string Text, string Category)>();
        var pins = new Dictionary<string, string>(StringComparer.Ordinal);
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        var notACause = new HashSet<string>(StringComparer.Ordinal);

        string Resolve(string id)
        {
            for (var hops = 0; aliases.TryGetValue(id, out var next) && hops < 100; hops++) id = next;
            return id;
        }

        // A discovered cluster that a decision names becomes a category, defined by its statements at that time.
        string Ensure(string id, string? label, IReadOnlyList<CuratedStatement> statements)
        {
            id = Resolve(id);
            if (!categories.ContainsKey(id))
            {
                categories[id] = new TaxonomyCategory { Id = id, Label = label ?? id, Description = "Created by curation." };
                order.Add(id);
            }
            Assign(statements, id);
            return id;
        }

        void Assign(IReadOnlyList<CuratedStatement> statements, string category)
        {
            foreach (var s in statements)
            {
                pins[s.Key] = category;
                examples.RemoveAll(e => e.Text == s.Text);
                examples.Add((s.Text, category));
            }
        }

        foreach (var d in decisions)
        {
            switch (d.Action)
            {
                case CurationAction.Rename:
                {
                    var id = Ensure(d.ClusterId, d.ClusterLabel, d.Statements);
                    categories[id] = categories[id] with { Label = d.Label ?? categories[id].Label };
                    break;
                }
                case CurationAction.Merge:
                {
                    var target = Ensure(d.TargetClusterId ?? throw new InvalidOperationException("merge without target"), d.TargetLabel, d.TargetStatements);
                    var source = Resolve(d.ClusterId);
                    Assign(d.Statements, target);
                    if (source != target && categories.TryGetValue(source, out var merged))
                    {
                        // The merged-away category's examples now teach the target, so its future statements go there too.
                        aliases[source] = target;
                        categories[target] = categories[target] with { Examples = [.. categories[target].Examples, .. merged.Examples] };
                    }
                    break;
                }
                case CurationAction.Split:
                {
                    var id = "cur-" + d.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    Ensure(id, d.Label ?? "Split from " + d.ClusterId, d.Statements);
                    break;
                }
                case CurationAction.Move:
                    Ensure(d.TargetClusterId ?? throw new InvalidOperationException("move without target"), d.TargetLabel, d.TargetStatements);
                    Assign(d.Statements, Resolve(d.TargetClusterId));
                    break;
                case CurationAction.NotACause:
                    notACause.Add(Ensure(d.ClusterId, d.ClusterLabel, d.Statements));
                    break;
            }
        }
        foreach (var key in pins.Keys.ToList()) pins[key] = Resolve(pins[key]);
        return new CuratedTaxonomy
        {
            Categories = [.. order.Where(id => !aliases.ContainsKey(id)).Select(id => categories[id])],
            CuratedExamples = [.. examples.Select(e => (e.Text, Resolve(e.Category)))],
            Pins = pins,
            Aliases = aliases,
            NotACause = notACause,
        };
    }
}
