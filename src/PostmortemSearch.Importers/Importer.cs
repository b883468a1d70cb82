using System.Security.Cryptography;
using System.Text;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers.Confluence;
using PostmortemSearch.Importers.Extraction;
using PostmortemSearch.Importers.GoogleDocs;
using PostmortemSearch.Importers.Word;
using PostmortemSearch.Importers.Json;
using PostmortemSearch.Importers.Markdown;

namespace PostmortemSearch.Importers;

/// <summary>What became of one input: postmortems read from it, or the reason it was rejected or skipped.</summary>
public sealed record FileOutcome(string Path, IReadOnlyList<Postmortem> Postmortems, string? Error, bool Skipped = false)
{
    public bool Rejected => Error is not null && !Skipped;
}

/// <summary>
/// Files, folders and zips in; postmortems out. Picks the reader, runs the extractor, derives stable ids and
/// content hashes. Never throws for bad content: every problem becomes a per-file error.
/// </summary>
/// <param name="limits">Size and count limits for hostile input.</param>
/// <param name="idRoot">
/// When given, ids of files on disk derive from their path relative to this folder instead of their absolute path:
/// an export tree moved or checked out elsewhere keeps its ids (the golden tests use the repository root).
/// </param>
/// <param name="clock">The import's clock: dates a document states after the import day are flagged in diagnostics.</param>
public sealed class Importer(ImportLimits? limits = null, string? idRoot = null, TimeProvider? clock = null)
{
    /// <summary>Every format, in the order readers are asked. Adding a format is one line here.</summary>
    /// <summary>Why a file a reader claims gives nothing: it holds no page of its own (a space's index.html).</summary>
    public const string NoPostmortemPage = "no postmortem page in this file (e.g. a space index)";

    public static IReadOnlyList<IDocumentReader> Readers { get; } =
    [
        new JsonLinesReader(),
        new ConfluenceXmlReader(),
        new ConfluenceWordReader(),
        new ConfluenceHtmlReader(),
        new GoogleDocsHtmlReader(),
        new DocxReader(),
        new GoogleDocsJsonReader(),
        new MarkdownReader(),
    ];

    private readonly ImportLimits _limits = limits ?? ImportLimits.Default;

    /// <summary>Reads paths (files, folders recursively, zips). Display paths are relative to <paramref name="baseDirectory"/> when under it.</summary>
    public IEnumerable<FileOutcome> ReadPaths(IEnumerable<string> paths, string baseDirectory, CancellationToken cancellationToken = default)
    {
        var count = 0;
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in EnumerateFolder(path))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (++count > _limits.MaxFiles)
                    {
                        yield return new FileOutcome(path, [], $"more than {_limits.MaxFiles:N0} files; the rest were not read");
                        yield break;
                    }
                    foreach (var outcome in ReadDiskFile(file, baseDirectory, explicitlyNamed: false)) yield return outcome;
                }
            }
            else if (File.Exists(path))
            {
                cancellationToken.ThrowIfCancellationRequested();
                count++;
                foreach (var outcome in ReadDiskFile(path, baseDirectory, explicitlyNamed: true)) yield return outcome;
            }
            else
            {
                yield return new FileOutcome(path, [], "no such file or folder");
            }
        }
    }

    private static IEnumerable<string> EnumerateFolder(string folder)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        return Directory.EnumerateFiles(folder, "*", options).Order(StringComparer.Ordinal);
    }

    private IEnumerable<FileOutcome> ReadDiskFile(string path, string baseDirectory, bool explicitlyNamed)
    {
        var display = DisplayPath(path, baseDirectory);
        long length;
        try
        {
            length = new FileInfo(path).Length;
        }
        catch (IOException e)
        {
            return [new FileOutcome(display, [], $"cannot read: {e.Message}")];
        }
        if (length > _limits.MaxFileBytes)
            return [new FileOutcome(display, [], $"file is {ArchiveExpander.Mb(length)}; the limit is {ArchiveExpander.Mb(_limits.MaxFileBytes)}")];
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [new FileOutcome(display, [], $"cannot read: {e.Message}")];
        }
        return ReadFile(new SourceFile(display, bytes) { Identity = IdentityOf(path) }, explicitlyNamed);
    }

    /// <summary>
    /// The id source of a file on disk. Not the display path: that is relative to the working directory, and the same
    /// file imported from two directories must be one postmortem.
    /// </summary>
    private string IdentityOf(string path)
    {
        var full = Path.GetFullPath(path);
        if (idRoot is not null)
        {
            var relative = Path.GetRelativePath(Path.GetFullPath(idRoot), full);
            if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative)) full = relative;
        }
        return full.Replace('\\', '/');
    }

    /// <summary>Reads one file already in memory (an upload, or a file from disk); zips are expanded.</summary>
    public IEnumerable<FileOutcome> ReadFile(SourceFile file, bool explicitlyNamed = true)
    {
        if (file.Extension == ".zip") return ReadZip(file);
        return ReadDocumentFile(file, explicitlyNamed, ImportDay);
    }

    private List<FileOutcome> ReadZip(SourceFile zip)
    {
        var outcomes = new List<FileOutcome>();
        try
        {
            foreach (var entry in ArchiveExpander.Expand(zip, _limits))
            {
                if (entry.File is null) outcomes.Add(new FileOutcome(entry.Path, [], entry.Error));
                else if (entry.File.Extension == ".zip") outcomes.Add(new FileOutcome(entry.Path, [], "zips inside zips are not read; unpack it first", Skipped: true));
                // Images, stylesheets and the like inside an export are not worth a line in the report.
                else if (!Readers.Any(r => SafeCanRead(r, entry.File)) && !IsDocumentExtension(entry.File.Extension)) continue;
                else outcomes.AddRange(ReadDocumentFile(entry.File, explicitlyNamed: false, ImportDay));
            }
        }
        catch (ImportException e)
        {
            // The archive as a whole is refused: nothing from it is kept.
            return [new FileOutcome(zip.Path, [], e.Message)];
        }
        if (outcomes.All(o => o.Skipped))
            return [new FileOutcome(zip.Path, [], "the zip holds no postmortem in a supported format"
                + (outcomes.Count > 0 ? $" ({outcomes.Count} entr{(outcomes.Count == 1 ? "y" : "ies")} skipped, e.g. {outcomes[0].Path}: {outcomes[0].Error})" : ""))];
        return outcomes;
    }

    private static List<FileOutcome> ReadDocumentFile(SourceFile file, bool explicitlyNamed, DateOnly? importDay)
    {
        if (file.Content.Length == 0) return [new FileOutcome(file.Path, [], "the file is empty")];
        var reader = Readers.FirstOrDefault(r => SafeCanRead(r, file));
        if (reader is null)
        {
            var ext = file.Extension.Length > 0 ? file.Extension : "(no extension)";
            return [explicitlyNamed || IsDocumentExtension(file.Extension)
                ? new FileOutcome(file.Path, [], $"not a supported format ({ext}); see 'Supported formats' in the README")
                : new FileOutcome(file.Path, [], $"skipped: {ext} is not a postmortem format", Skipped: true)];
        }
        try
        {
            var documents = reader.Read(file);
            // Always skipped, even when named: a shell glob over an export (export/*.html) names the index too.
            if (documents.Count == 0) return [new FileOutcome(file.Path, [], "skipped: " + reader.NoDocumentReason, Skipped: true)];
            if (documents.Count == 1)
            {
                // One document is the file: an explicitly named file that is no postmortem is an error the user should see;
                // one met while walking a folder or zip (a space home page, a README) is skipped with the reason.
                var only = TryPostmortem(documents[0], file, reader.Kind, importDay, out var why);
                if (only is not null) return [new FileOutcome(file.Path, [only], null)];
                return [explicitlyNamed ? new FileOutcome(file.Path, [], why) : new FileOutcome(file.Path, [], "skipped: " + why, Skipped: true)];
            }
            // A space export holds many pages: each is decided on its own, so a home page or meeting notes never cost the postmortems next to them.
            var outcomes = new List<FileOutcome>();
            var postmortems = new List<Postmortem>();
            foreach (var document in documents)
            {
                var postmortem = TryPostmortem(document, file, reader.Kind, importDay, out var why);
                if (postmortem is not null) postmortems.Add(postmortem);
                else outcomes.Add(new FileOutcome(document.Path ?? file.Path, [], $"skipped: page '{document.Outline?.Title ?? document.SourceKey}': {why}", Skipped: true));
            }
            if (postmortems.Count == 0)
                return [new FileOutcome(file.Path, [], $"none of its {documents.Count} pages is a postmortem ({string.Join("; ", outcomes.Take(3).Select(o => o.Error))})")];
            return [new FileOutcome(file.Path, postmortems, null), .. outcomes];
        }
        catch (ImportException e)
        {
            return [new FileOutcome(file.Path, [], e.Message)];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A reader bug must not take the batch down; the message names the file and what broke.
            return [new FileOutcome(file.Path, [], $"could not be read as {reader.Kind}: {e.Message}")];
        }
    }

    /// <summary>The day of the import, in UTC; null without a clock (then only years before 1970 are flagged).</summary>
    private DateOnly? ImportDay => clock is null ? null : DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private static Postmortem? TryPostmortem(ReadDocument document, SourceFile file, string kind, DateOnly? importDay, out string why)
    {
        why = "";
        try
        {
            return ToPostmortem(document, file, kind, importDay);
        }
        catch (ImportException e)
        {
            why = e.Message;
            return null;
        }
    }

    private static bool SafeCanRead(IDocumentReader reader, SourceFile file)
    {
        try { return reader.CanRead(file); }
        catch (Exception e) when (e is not OutOfMemoryException) { return false; }
    }

    private static bool IsDocumentExtension(string ext) => ext is ".md" or ".markdown" or ".html" or ".htm" or ".docx" or ".doc" or ".xml" or ".json" or ".jsonl" or ".mht" or ".mhtml";

    private static Postmortem ToPostmortem(ReadDocument document, SourceFile file, string kind, DateOnly? importDay)
    {
        if (document.Postmortem is { } ready)
        {
            var normalized = ready with { Source = ready.Source with { ImportedAt = null } };
            return normalized with { Source = normalized.Source with { ContentHash = ContentHash(normalized) } };
        }
        var outline = document.Outline ?? throw new ImportException("the reader returned neither an outline nor a postmortem");
        var path = document.Path ?? file.Path;
        var source = new SourceInfo
        {
            Kind = kind,
            Path = path,
            PageId = document.SourceKey is { } key && key.Contains(':', StringComparison.Ordinal) ? key[(key.IndexOf(':', StringComparison.Ordinal) + 1)..] : null,
        };
        var id = StableId(document.SourceKey ?? (file.FromUpload ? UploadIdentity(file, document) : file.Identity));
        var postmortem = PostmortemExtractor.Extract(outline, source, id, importDay);
        if (IsRepositoryDocument(file.FileName) && !HasIncidentShape(postmortem))
            throw new ImportException($"{file.FileName} reads as repository documentation (README/SOURCES-style), not a postmortem: no incident time, severity, timeline or cause");
        if (PostmortemEvidence.WhyNot(postmortem) is { } notAPostmortem) throw new ImportException(notAPostmortem);
        return postmortem with { Source = source with { ContentHash = ContentHash(postmortem) } };
    }

    /// <summary>Names a repository gives its own documentation; a postmortem saved under such a name must look like one to be imported.</summary>
    private static bool IsRepositoryDocument(string fileName) =>
        Path.GetFileNameWithoutExtension(fileName).ToUpperInvariant() is "README" or "SOURCES" or "CHANGELOG" or "CHANGES" or "LICENSE" or "CONTRIBUTING" or "CODE_OF_CONDUCT" or "SECURITY" or "NOTICE" or "AUTHORS";

    /// <summary>At least two of the things only an incident write-up has (an incident/README.md per folder is a real layout).</summary>
    private static bool HasIncidentShape(Postmortem p) =>
        new[] { p.IncidentStart is not null, p.Severity is not null, p.Timeline.Count >= 2, p.RootCauses.Count > 0 || p.Trigger is not null || p.ContributingFactors.Count > 0, p.ActionItems.Count > 0 && p.Impact is not null }
            .Count(x => x) >= 2;

    /// <summary>The identity of an uploaded document that names none of its own: its bytes (and its place in a multi-page file).</summary>
    private static string UploadIdentity(SourceFile file, ReadDocument document) =>
        "upload:" + Convert.ToHexStringLower(SHA256.HashData(file.Content.Span)) + (document.Path is { } p && p != file.Path ? "#" + p[file.Path.Length..] : "");

    /// <summary>
    /// Hash of what a document says, without where it was read from (id, path, diagnostics): the same file imported by
    /// the CLI and uploaded later has the same body hash.
    /// </summary>
    public static string BodyHash(Postmortem postmortem)
    {
        var neutral = postmortem with { Id = "", Source = new SourceInfo { Kind = postmortem.Source.Kind, Path = "" }, Diagnostics = [] };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(PostmortemJson.Serialize(neutral))))[..16];
    }

    /// <summary>
    /// An uploaded postmortem that says the same as one already stored (imported by the CLI from a path) is that
    /// postmortem: it takes the stored id and source, so saving it is "unchanged" instead of creating a twin.
    /// </summary>
    public static Postmortem MatchStored(Postmortem upload, Func<string, IReadOnlyList<Postmortem>> withTitle)
    {
        var body = BodyHash(upload);
        var twin = withTitle(upload.Title).FirstOrDefault(p => p.Id != upload.Id && BodyHash(p) == body);
        if (twin is null) return upload;
        var adopted = upload with { Id = twin.Id, Source = twin.Source with { ImportedAt = null } };
        return adopted with { Source = adopted.Source with { ContentHash = ContentHash(adopted) } };
    }

    /// <summary>An id derived from the source identity, so re-importing the same source updates instead of duplicating.</summary>
    public static string StableId(string sourceKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(sourceKey.Replace('\\', '/')));
        return "pm-" + Convert.ToHexStringLower(hash)[..12];
    }

    /// <summary>Hash of the postmortem's content (not of when it was imported): an unchanged document re-imports as a no-op.</summary>
    public static string ContentHash(Postmortem postmortem)
    {
        var neutral = postmortem with { Source = postmortem.Source with { ContentHash = "", ImportedAt = null } };
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(PostmortemJson.Serialize(neutral)));
        return Convert.ToHexStringLower(hash)[..16];
    }

    private static string DisplayPath(string path, string baseDirectory)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetFullPath(baseDirectory);
        var relative = Path.GetRelativePath(root, full);
        var display = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative;
        return display.Replace('\\', '/');
    }
}
