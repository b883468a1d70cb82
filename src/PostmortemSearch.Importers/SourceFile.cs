namespace PostmortemSearch.Importers;

/// <summary>
/// One file handed to a reader: its display path (for a zip entry <c>archive.zip!/dir/page.html</c>),
/// its bytes, and the folder it came from so a reader can resolve siblings (Confluence exports link pages).
/// </summary>
public sealed record SourceFile(string Path, ReadOnlyMemory<byte> Content)
{
    /// <summary>
    /// What the postmortem id derives from when the document has no id of its own: the absolute path on disk, not the
    /// display path, so importing the same file from another working directory updates instead of duplicating.
    /// </summary>
    public string Identity { get; init; } = Path;

    /// <summary>
    /// An upload has no path: its name says nothing about which document it is (two teams' <c>postmortem.md</c>), so a
    /// document without an id of its own takes its identity from its content instead.
    /// </summary>
    public bool FromUpload { get; init; }

    public string FileName => System.IO.Path.GetFileName(Path.Replace('!', '/'));
    public string Extension => System.IO.Path.GetExtension(FileName).ToLowerInvariant();
}

/// <summary>A file's content is not what its reader can read: the message names the problem for the user.</summary>
public sealed class ImportException(string message, Exception? inner = null) : Exception(message, inner);
