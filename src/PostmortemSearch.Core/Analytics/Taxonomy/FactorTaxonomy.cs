using System.Text.Json;
using System.Text.Json.Serialization;
using PostmortemSearch.Core.Analytics.Clustering;

namespace PostmortemSearch.Core.Analytics.Taxonomy;

/// <summary>One cause category: what the classifier learns from its examples (and from curations that name it).</summary>
public sealed record TaxonomyCategory
{
    /// <summary>Stable id, lowercase with dashes ("cert-expiry"); it is the cluster id of the category's statements.</summary>
    public required string Id { get; init; }
    public required string Label { get; init; }
    /// <summary>Google SRE Workbook category ("config push", …) or "-" for a cause outside it.</summary>
    public string SreCategory { get; init; } = "-";
    public string Description { get; init; } = "";
    public IReadOnlyList<string> Examples { get; init; } = [];
}

/// <summary>A taxonomy file that cannot be used: names the file and the problem.</summary>
public sealed class TaxonomyFormatException(string message) : Exception(message);

/// <summary>
/// The factor taxonomy as data (<c>Analytics/Data/taxonomy.json</c> by default): labels, descriptions and worded
/// examples per category. Code here knows nothing of any particular cause; it reads, validates and writes the file.
/// </summary>
public sealed record FactorTaxonomy(IReadOnlyList<TaxonomyCategory> Categories)
{
    public const int MinimumExamples = 8;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly Lazy<FactorTaxonomy> Embedded = new(() => Parse(CauseLexicon.ReadResource("taxonomy.json"), "taxonomy.json (embedded)"));

    /// <summary>The taxonomy shipped with PostmortemSearch.</summary>
    public static FactorTaxonomy Default => Embedded.Value;

    private sealed record FileShape(string? Comment, List<TaxonomyCategory>? Categories);

    /// <summary>A category as a file may hold it: every field optional, so that a missing one is named with its category.</summary>
    private sealed record CategoryShape(string? Id, string? Label, string? SreCategory, string? Description, List<string?>? Examples);

    private sealed record ParseShape(string? Comment, List<CategoryShape?>? Categories);

    /// <summary>Reads and validates a taxonomy document; <paramref name="source"/> names it in errors.</summary>
    public static FactorTaxonomy Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ParseShape? shape;
        try { shape = JsonSerializer.Deserialize<ParseShape>(json, Json); }
        catch (JsonException e) { throw new TaxonomyFormatException($"{source}: not a taxonomy JSON document ({e.Message})"); }
        if (shape?.Categories is not { Count: > 0 } read) throw new TaxonomyFormatException($"{source}: no \"categories\" array, or it is empty");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var categories = new List<TaxonomyCategory>(read.Count);
        for (var i = 0; i < read.Count; i++)
        {
            var c = read[i];
            var where = $"{source}: category {i + 1}" + (string.IsNullOrWhiteSpace(c?.Id) ? "" : $" '{c.Id}'");
            if (c is null || string.IsNullOrWhiteSpace(c.Id)) throw new TaxonomyFormatException($"{where}: has no id");
            if (!c.Id.All(ch => char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch == '-')) throw new TaxonomyFormatException($"{where}: id must be lowercase letters, digits and dashes");
            if (!ids.Add(c.Id)) throw new TaxonomyFormatException($"{where}: id is used twice");
            if (string.IsNullOrWhiteSpace(c.Label)) throw new TaxonomyFormatException($"{where}: has no label");
            var examples = (c.Examples ?? []).OfType<string>().Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim()).ToList();
            if (examples.Count < MinimumExamples) throw new TaxonomyFormatException($"{where}: has {examples.Count} examples; at least {MinimumExamples} differently worded ones are needed to learn from");
            if (examples.Distinct(StringComparer.OrdinalIgnoreCase).Count() != examples.Count) throw new TaxonomyFormatException($"{where}: an example is listed twice");
            categories.Add(new TaxonomyCategory
            {
                Id = c.Id, Label = c.Label.Trim(), SreCategory = string.IsNullOrWhiteSpace(c.SreCategory) ? "-" : c.SreCategory.Trim(),
                Description = c.Description?.Trim() ?? "", Examples = examples,
            });
        }
        return new FactorTaxonomy(categories);
    }

    public string ToJson() => JsonSerializer.Serialize(new FileShape(null, [.. Categories]), Json);

    public TaxonomyCategory? Find(string id) => Categories.FirstOrDefault(c => c.Id == id);
}
