using System.Text;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Importers.Outline;

/// <summary>Turns a text file's bytes into a string: BOM-aware (UTF-8, UTF-16 LE/BE), strict UTF-8, Windows-1252 as the fallback.</summary>
public static class TextDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static TextDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Decodes the file; a fallback decoding is reported in <paramref name="diagnostics"/> when given.</summary>
    public static string Decode(SourceFile file, ICollection<Diagnostic>? diagnostics = null)
    {
        var bytes = file.Content.Span;
        string text;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) text = Strict(bytes[3..], file);
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) text = Encoding.Unicode.GetString(bytes[2..]);
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) text = Encoding.BigEndianUnicode.GetString(bytes[2..]);
        else
        {
            try
            {
                text = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException e)
            {
                var at = e.Index;
                text = Encoding.GetEncoding(1252).GetString(bytes);
                diagnostics?.Add(new Diagnostic(DiagnosticSeverity.Warning, $"not valid UTF-8 (first bad byte at offset {at}); read as Windows-1252"));
            }
        }
        if (text.Contains('\0', StringComparison.Ordinal))
            throw new ImportException("contains NUL characters: a binary file, not text");
        return text;
    }

    private static string Strict(ReadOnlySpan<byte> bytes, SourceFile file)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new ImportException($"{file.FileName} starts with a UTF-8 byte order mark but is not valid UTF-8 (offset {e.Index})", e);
        }
    }
}

/// <summary>White-space normalisation shared by readers and the extractor.</summary>
public static class TextNormalizer
{
    /// <summary>Collapses white space within each line, keeping line breaks (timelines are often one entry a line); drops empty lines.</summary>
    public static string CollapseLines(string text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (!text.Contains('\n', StringComparison.Ordinal)) return Collapse(text);
        var lines = text.Split('\n').Select(Collapse).Where(l => l.Length > 0);
        return string.Join('\n', lines);
    }

    /// <summary>Collapses runs of white space (incl. non-breaking spaces) into one space and trims.</summary>
    public static string Collapse(string text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c == '\u200B' || c == '\uFEFF')
            {
                space = sb.Length > 0;
                continue;
            }
            if (char.IsControl(c)) continue;
            if (space) sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }
}
