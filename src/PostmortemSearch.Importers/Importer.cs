using System.Security.Cryptography;
using System.Text;
using PostmortemSearch.Core.Schema;
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
public sealed class Importer(ImportLimits? limits = null)
{
    /// <summary>Every format, in the order readers are asked. Adding a format is one line here.</summary>
    public static IReadOnlyList<IDocumentReader> Readers { get; } =
    [
        new JsonLinesReader(),
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
        return ReadFile(new SourceFile(display, bytes), explicitlyNamed);
    }

    /// <summary>Reads one file already in memory (an upload, or a file from disk); zips are expanded.</summary>
    public IEnumerable<FileOutcome> ReadFile(SourceFile file, bool explicitlyNamed = true)
    {
        if (file.Extension == ".zip") return ReadZip(file);
        return [ReadDocumentFile(file, explicitlyNamed)];
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
                else outcomes.Add(ReadDocumentFile(entry.File, explicitlyNamed: false));
            }
        }
        catch (ImportException e)
        {
            // The archive as a whole is refused: nothing from it is kept.
            return [new FileOutcome(zip.Path, [], e.Message)];
        }
        var rest = outcomes.Where(o => !o.Skipped).ToList();
        if (rest.Count == 0)
            return [new FileOutcome(zip.Path, [], "the zip holds no postmortem in a supported format")];
        return rest;
    }

    private static FileOutcome ReadDocumentFile(SourceFile file, bool explicitlyNamed)
    {
        if (file.Content.Length == 0) return new FileOutcome(file.Path, [], "the file is empty");
        var reader = Readers.FirstOrDefault(r => SafeCanRead(r, file));
        if (reader is null)
        {
            var ext = file.Extension.Length > 0 ? file.Extension : "(no extension)";
            return explicitlyNamed || IsDocumentExtension(file.Extension)
                ? new FileOutcome(file.Path, [], $"not a supported format ({ext}); see 'Supported formats' in the README")
                : new FileOutcome(file.Path, [], $"skipped: {ext} is not a postmortem format", Skipped: true);
        }
        try
        {
            var documents = reader.Read(file);
            if (documents.Count == 0) return new FileOutcome(file.Path, [], "skipped: no postmortem page in this file (e.g. a space index)", Skipped: true);
            var postmortems = documents.Select(d => ToPostmortem(d, file, reader.Kind)).ToList();
            return new FileOutcome(file.Path, postmortems, null);
        }
        catch (ImportException e)
        {
            return new FileOutcome(file.Path, [], e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A reader bug must not take the batch down; the message names the file and what broke.
            return new FileOutcome(file.Path, [], $"could not be read as {reader.Kind}: {e.GetType().Name}: {e.Message}");
        }
    }

    private static bool SafeCanRead(IDocumentReader reader, SourceFile file)
    {
        try { return reader.CanRead(file); }
        catch (Exception e) when (e is not OutOfMemoryException) { return false; }
    }

    private static bool IsDocumentExtension(string ext) => ext is ".md" or ".markdown" or ".html" or ".htm" or ".docx" or ".doc" or ".xml" or ".json" or ".jsonl" or ".mht" or ".mhtml";

    private static Postmortem ToPostmortem(ReadDocument document, SourceFile file, string kind)
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
        var id = StableId(document.SourceKey ?? path);
        var postmortem = PostmortemExtractor.Extract(outline, source, id);
        if (!LooksLikePostmortem(postmortem))
            throw new ImportException("no postmortem content found: no summary, impact, cause, resolution, timeline, action items, severity or incident time (an empty template or another kind of document?)");
        return postmortem with { Source = source with { ContentHash = ContentHash(postmortem) } };
    }

    private static bool LooksLikePostmortem(Postmortem p) =>
        p.Summary is not null || p.Impact is not null || p.Detection is not null || p.Trigger is not null || p.Resolution is not null
        || p.RootCauses.Count > 0 || p.ContributingFactors.Count > 0 || p.Timeline.Count > 0 || p.ActionItems.Count > 0
        || p.Lessons.WentWell.Count > 0 || p.Lessons.WentWrong.Count > 0 || p.Severity is not null || p.IncidentStart is not null;

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
