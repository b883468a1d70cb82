using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace PostmortemSearch.Importers.Word;

/// <summary>
/// Checks a .docx zip before the Open XML SDK sees it: sizes from the central directory (zip bombs)
/// and a DTD in any XML part (external entities). The SDK would also refuse a DTD, but with a message
/// no user can act on; and it would happily inflate a 4 GB part.
/// </summary>
internal static class DocxPackageGuard
{
    public const long MaxPartBytes = 100L * 1024 * 1024;
    public const long MaxTotalBytes = 200L * 1024 * 1024;
    private const int MaxEntries = 10_000;
    // A DOCTYPE can only sit in the prolog; the prolog of a real part is a few hundred bytes.
    private const int PrologScanChars = 64 * 1024;

    /// <summary>Throws <see cref="ImportException"/> when the package is not a zip or breaks a limit.</summary>
    public static void Check(Stream zip)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new ImportException("not a Word document (.docx): the file is not a zip package, or it is damaged or truncated", e);
        }

        using (archive)
        {
            if (archive.Entries.Count > MaxEntries)
                throw new ImportException($"refused: the package has {archive.Entries.Count:N0} parts (limit {MaxEntries:N0})");

            long total = 0;
            foreach (var entry in archive.Entries)
            {
                // Length is the central directory's claim; System.IO.Compression refuses to inflate past it,
                // so checking the claim bounds what the SDK can later read.
                if (entry.Length > MaxPartBytes)
                    throw new ImportException($"refused: part '{entry.FullName}' would expand to {Megabytes(entry.Length)} (limit {Megabytes(MaxPartBytes)}); possible zip bomb");
                total += entry.Length;
                if (total > MaxTotalBytes)
                    throw new ImportException($"refused: the package would expand to more than {Megabytes(MaxTotalBytes)} in total; possible zip bomb");
            }

            foreach (var entry in archive.Entries)
            {
                if (IsXmlPart(entry.FullName) && DeclaresDtd(entry))
                    throw new ImportException($"refused: part '{entry.FullName}' declares an XML DTD (<!DOCTYPE>); DTDs and external entities are not allowed in Word documents");
            }
        }
    }

    private static bool IsXmlPart(string name) =>
        name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase);

    private static bool DeclaresDtd(ZipArchiveEntry entry)
    {
        try
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var buffer = new char[PrologScanChars];
            var read = reader.ReadBlock(buffer, 0, buffer.Length);
            var text = new string(buffer, 0, read);
            var doctype = text.IndexOf("<!DOCTYPE", StringComparison.OrdinalIgnoreCase);
            if (doctype < 0) return false;
            var root = FirstElementStart(text);
            return root < 0 || doctype < root;
        }
        catch (InvalidDataException e)
        {
            throw new ImportException($"not a Word document (.docx): part '{entry.FullName}' is damaged", e);
        }
    }

    private static int FirstElementStart(string text)
    {
        for (var i = text.IndexOf('<', StringComparison.Ordinal); i >= 0 && i + 1 < text.Length; i = text.IndexOf('<', i + 1))
        {
            if (char.IsLetter(text[i + 1]) || text[i + 1] == '_') return i;
        }
        return -1;
    }

    private static string Megabytes(long bytes) =>
        (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture) + " MB";
}
