using System.IO.Compression;

namespace PostmortemSearch.Importers;

/// <summary>
/// Expands a zip into in-memory files, never onto disk, with limits on entry count, expanded size and ratio.
/// Unsafe entries (absolute paths, "..", symlinks) are reported, not read.
/// </summary>
internal static class ArchiveExpander
{
    private const int UnixSymlink = 0xA000;

    public sealed record Entry(SourceFile? File, string Path, string? Error);

    public static IEnumerable<Entry> Expand(SourceFile zip, ImportLimits limits)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(new MemoryStream(zip.Content.ToArray(), writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new ImportException($"not a readable zip archive ({e.Message})", e);
        }
        using (archive)
        {
            if (archive.Entries.Count > limits.MaxZipEntries)
                throw new ImportException($"the zip holds {archive.Entries.Count:N0} entries; the limit is {limits.MaxZipEntries:N0}");
            long declared = archive.Entries.Sum(e => e.Length);
            if (declared > limits.MaxZipExpandedBytes)
                throw new ImportException($"the zip would expand to {Mb(declared)}; the limit is {Mb(limits.MaxZipExpandedBytes)}");
            long expanded = 0;
            foreach (var entry in archive.Entries)
            {
                if (entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\')) continue;
                var path = zip.Path + "!/" + entry.FullName;
                var unsafeReason = UnsafeReason(entry);
                if (unsafeReason is not null)
                {
                    yield return new Entry(null, path, unsafeReason);
                    continue;
                }
                if (entry.Length > limits.MaxFileBytes)
                {
                    yield return new Entry(null, path, $"entry expands to {Mb(entry.Length)}; the limit is {Mb(limits.MaxFileBytes)}");
                    continue;
                }
                if (entry.Length > 1024 * 1024 && entry.CompressedLength > 0 && (double)entry.Length / entry.CompressedLength > limits.MaxCompressionRatio)
                    throw new ImportException($"entry '{entry.FullName}' compresses {entry.Length / Math.Max(1, entry.CompressedLength):N0}:1 — a zip bomb; refused");
                byte[] bytes;
                string? error = null;
                try
                {
                    bytes = ReadBounded(entry, limits.MaxFileBytes);
                }
                catch (InvalidDataException e)
                {
                    bytes = [];
                    error = $"entry is corrupt ({e.Message})";
                }
                expanded += bytes.Length;
                if (expanded > limits.MaxZipExpandedBytes)
                    throw new ImportException($"the zip expands past {Mb(limits.MaxZipExpandedBytes)}; refused");
                yield return error is null ? new Entry(new SourceFile(path, bytes) { Identity = zip.Identity + "!/" + entry.FullName, FromUpload = zip.FromUpload }, path, null) : new Entry(null, path, error);
            }
        }
    }

    private static string? UnsafeReason(ZipArchiveEntry entry)
    {
        var name = entry.FullName.Replace('\\', '/');
        if (name.StartsWith('/') || (name.Length > 1 && name[1] == ':')) return "entry has an absolute path; refused";
        if (name.Split('/').Any(part => part == "..")) return "entry path climbs out of the archive (zip-slip); refused";
        if (((entry.ExternalAttributes >> 16) & 0xF000) == UnixSymlink) return "entry is a symbolic link; refused";
        if (name.Any(char.IsControl)) return "entry name contains control characters; refused";
        return null;
    }

    /// <summary>Reads at most <paramref name="max"/> bytes whatever the header claims, so a lying header cannot balloon memory.</summary>
    private static byte[] ReadBounded(ZipArchiveEntry entry, long max)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > max) throw new InvalidDataException($"expands past {Mb(max)}");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    internal static string Mb(long bytes) => $"{bytes / (1024.0 * 1024.0):0.#} MB";
}
