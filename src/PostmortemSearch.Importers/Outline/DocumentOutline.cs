using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Importers.Outline;

/// <summary>
/// The neutral model every reader produces: a title, metadata pairs and a flat stream of blocks
/// (headings, paragraphs, lists, tables, code). Readers know formats, not postmortems; the
/// extractor turns headings into sections and sections into fields.
/// </summary>
public sealed record DocumentOutline
{
    /// <summary>The document's own title (page title, dc:title, front matter) — never guessed from a file name when the document has one.</summary>
    public string? Title { get; init; }
    /// <summary>Key/value pairs from page-properties tables, front matter, document properties.</summary>
    public IReadOnlyList<MetadataEntry> Metadata { get; init; } = [];
    public IReadOnlyList<string> Authors { get; init; } = [];
    /// <summary>When the document was created / last modified, as the source said (used for postmortem date when no field says it).</summary>
    public Timestamp? Created { get; init; }
    public Timestamp? Modified { get; init; }
    /// <summary>Labels / tags / categories of the page.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];
    /// <summary>Tickets referenced through issue macros (Jira), with the status the export showed.</summary>
    public IReadOnlyList<TicketRef> Tickets { get; init; } = [];
    public IReadOnlyList<Block> Blocks { get; init; } = [];
    /// <summary>What the reader noticed but could not represent (dropped images, unknown macros…).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];
}

public sealed record TicketRef(string Key, string? Status, string? Summary);

/// <summary>A block of the document, in reading order.</summary>
public abstract record Block;

/// <summary>A heading; <see cref="Level"/> 1 is the highest. The document title is not repeated as a heading.</summary>
public sealed record HeadingBlock(int Level, string Text) : Block;

/// <summary>A paragraph of plain text (inline formatting flattened; links keep their text).</summary>
public sealed record ParagraphBlock(string Text) : Block
{
    /// <summary>True when every character of the paragraph is bold (a heading in documents without heading styles).</summary>
    public bool AllBold { get; init; }
}

public sealed record ListBlock(IReadOnlyList<ListItem> Items) : Block
{
    public bool Ordered { get; init; }
    /// <summary>True for a task list (Confluence inline tasks, Markdown "- [ ]", Docs checkboxes).</summary>
    public bool IsTaskList { get; init; }
}

/// <summary>One list item. <see cref="Level"/> is 0 for top level. Task items carry checked state, assignee and due date.</summary>
public sealed record ListItem(string Text, int Level = 0)
{
    public bool? Checked { get; init; }
    public string? Assignee { get; init; }
    public DateOnly? Due { get; init; }
}

/// <summary>A table as rows of cell texts; <see cref="HeaderRows"/> says how many leading rows are headers.</summary>
public sealed record TableBlock(IReadOnlyList<IReadOnlyList<string>> Rows) : Block
{
    public int HeaderRows { get; init; }
}

public sealed record CodeBlock(string Text) : Block
{
    public string? Language { get; init; }
}
