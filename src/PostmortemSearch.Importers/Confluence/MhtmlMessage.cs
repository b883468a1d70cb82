using System.Text;

namespace PostmortemSearch.Importers.Confluence;

/// <summary>
/// The HTML part of a MIME message (MHTML): what Confluence's "Export to Word" writes into a <c>.doc</c>.
/// Handles multipart/related and single-part messages, quoted-printable and base64 bodies, and the part's charset.
/// </summary>
internal static class MhtmlMessage
{
    /// <summary>Whether the bytes start like MIME headers (not an OLE2 compound file, not HTML).</summary>
    public static bool LooksLikeMime(ReadOnlySpan<byte> content)
    {
        var head = Encoding.Latin1.GetString(content[..Math.Min(content.Length, 2048)]);
        return head.Contains("MIME-Version:", StringComparison.OrdinalIgnoreCase)
            || head.TrimStart().StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase)
            || head.Contains("Content-Type: multipart/related", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The decoded text of the first text/html part.</summary>
    public static string HtmlPart(ReadOnlySpan<byte> content, string fileName)
    {
        // Latin-1 maps bytes 1:1 to chars, so headers and boundaries can be found as text and bodies turned back into bytes.
        var message = Encoding.Latin1.GetString(content).Replace("\r\n", "\n", StringComparison.Ordinal);
        var (headers, body) = Split(message);
        var contentType = Header(headers, "Content-Type") ?? "text/plain";
        if (contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = Parameter(contentType, "boundary")
                ?? throw new ImportException($"{fileName}: the MIME message has no boundary in its Content-Type");
            foreach (var part in Parts(body, boundary))
            {
                var (partHeaders, partBody) = Split(part);
                var partType = Header(partHeaders, "Content-Type") ?? "text/plain";
                if (partType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase)) return DecodeBody(partHeaders, partType, partBody, fileName);
            }
            throw new ImportException($"{fileName}: the MIME message has no text/html part");
        }
        if (contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase)) return DecodeBody(headers, contentType, body, fileName);
        throw new ImportException($"{fileName}: the MIME message is {contentType.Split(';')[0]}, not HTML");
    }

    private static (string Headers, string Body) Split(string text)
    {
        var end = text.IndexOf("\n\n", StringComparison.Ordinal);
        return end < 0 ? (text, "") : (text[..end], text[(end + 2)..]);
    }

    /// <summary>A header's value, with folded continuation lines joined.</summary>
    private static string? Header(string headers, string name)
    {
        var unfolded = headers.Replace("\n ", " ", StringComparison.Ordinal).Replace("\n\t", " ", StringComparison.Ordinal);
        foreach (var line in unfolded.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().Equals(name, StringComparison.OrdinalIgnoreCase)) return line[(colon + 1)..].Trim();
        }
        return null;
    }

    private static string? Parameter(string headerValue, string name)
    {
        foreach (var part in headerValue.Split(';').Skip(1))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && part[..equals].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
                return part[(equals + 1)..].Trim().Trim('"');
        }
        return null;
    }

    private static IEnumerable<string> Parts(string body, string boundary)
    {
        var delimiter = "--" + boundary;
        var lines = body.Split('\n');
        StringBuilder? current = null;
        foreach (var line in lines)
        {
            var trimmed = line.TrimEnd();
            if (trimmed == delimiter || trimmed == delimiter + "--")
            {
                if (current is not null) yield return current.ToString();
                if (trimmed.EndsWith("--", StringComparison.Ordinal) && trimmed.Length == delimiter.Length + 2) yield break;
                current = new StringBuilder();
                continue;
            }
            current?.Append(line).Append('\n');
        }
        if (current is not null) yield return current.ToString();
    }

    private static string DecodeBody(string headers, string contentType, string body, string fileName)
    {
        var transfer = (Header(headers, "Content-Transfer-Encoding") ?? "7bit").Trim().ToUpperInvariant();
        var raw = Encoding.Latin1.GetBytes(body);
        var bytes = transfer switch
        {
            "QUOTED-PRINTABLE" => QuotedPrintable(raw),
            "BASE64" => Base64(body, fileName),
            _ => raw,
        };
        var charset = Parameter(contentType, "charset") ?? "utf-8";
        return Charset(charset).GetString(bytes);
    }

    private static Encoding Charset(string name)
    {
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return System.Text.CodePagesEncodingProvider.Instance.GetEncoding(name) ?? Encoding.UTF8;
        }
    }

    private static byte[] Base64(string body, string fileName)
    {
        var compact = new string(body.Where(c => !char.IsWhiteSpace(c)).ToArray());
        try
        {
            return Convert.FromBase64String(compact);
        }
        catch (FormatException e)
        {
            throw new ImportException($"{fileName}: the HTML part is not valid base64", e);
        }
    }

    /// <summary>RFC 2045 quoted-printable: <c>=XX</c> is a byte, <c>=</c> at a line end is a soft break.</summary>
    internal static byte[] QuotedPrintable(byte[] raw)
    {
        var output = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b != (byte)'=')
            {
                output.Add(b);
                continue;
            }
            if (i + 1 < raw.Length && raw[i + 1] == (byte)'\n')
            {
                i++;
                continue;
            }
            if (i + 2 < raw.Length && raw[i + 1] == (byte)'\r' && raw[i + 2] == (byte)'\n')
            {
                i += 2;
                continue;
            }
            if (i + 2 < raw.Length && Hex(raw[i + 1]) is { } high && Hex(raw[i + 2]) is { } low)
            {
                output.Add((byte)((high << 4) | low));
                i += 2;
                continue;
            }
            output.Add(b);
        }
        return [.. output];
    }

    private static int? Hex(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        _ => null,
    };
}
