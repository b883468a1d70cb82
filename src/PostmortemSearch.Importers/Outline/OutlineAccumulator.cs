using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Importers.Outline;

/// <summary>Mutable builder a reader fills while walking its format; <see cref="Build"/> freezes it into a <see cref="DocumentOutline"/>.</summary>
public sealed class OutlineAccumulator
{
    public string? Title { get; set; }
    public List<MetadataEntry> Metadata { get; } = [];
    public List<string> Authors { get; } = [];
    public Timestamp? Created { get; set; }
    public Timestamp? Modified { get; set; }
    public List<string> Labels { get; } = [];
    public List<TicketRef> Tickets { get; } = [];
    public List<Block> Blocks { get; } = [];
    public List<Diagnostic> Diagnostics { get; } = [];

    public DocumentOutline Build() => new()
    {
        Title = string.IsNullOrWhiteSpace(Title) ? null : TextNormalizer.Collapse(Title),
        Metadata = [.. Metadata],
        Authors = [.. Authors.Where(a => !string.IsNullOrWhiteSpace(a)).Distinct(StringComparer.OrdinalIgnoreCase)],
        Created = Created,
        Modified = Modified,
        Labels = [.. Labels.Where(l => !string.IsNullOrWhiteSpace(l)).Distinct(StringComparer.OrdinalIgnoreCase)],
        Tickets = [.. Tickets],
        Blocks = [.. Blocks],
        Diagnostics = [.. Diagnostics],
    };
}
