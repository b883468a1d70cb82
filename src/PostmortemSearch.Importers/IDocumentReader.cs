using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Importers;

/// <summary>Reads one format into outlines (or, for the JSON-lines backup format, whole postmortems).</summary>
public interface IDocumentReader
{
    /// <summary>One of <see cref="SourceKinds"/>.</summary>
    string Kind { get; }

    /// <summary>Whether this reader claims the file, by extension and a sniff of its first bytes. Cheap, never throws.</summary>
    bool CanRead(SourceFile file);

    /// <summary>
    /// Reads the file. A file may hold several documents (entities.xml holds a space) or none
    /// (a space index page). Throws <see cref="ImportException"/> with a user-facing reason for bad content.
    /// </summary>
    IReadOnlyList<ReadDocument> Read(SourceFile file);

    /// <summary>Why a file this reader read gave no document, in words for the skip reason and <c>pmsearch inspect</c>.</summary>
    string NoDocumentReason => Importer.NoPostmortemPage;
}

/// <summary>A document a reader found: an outline for the extractor, or an already-structured postmortem.</summary>
public sealed record ReadDocument
{
    public DocumentOutline? Outline { get; init; }
    public Postmortem? Postmortem { get; init; }
    /// <summary>Identity of the document inside its source (page id, document id); null when the file is the document.</summary>
    public string? SourceKey { get; init; }
    /// <summary>A path more specific than the file's (e.g. <c>entities.xml#page=123</c>); defaults to the file path.</summary>
    public string? Path { get; init; }
}
