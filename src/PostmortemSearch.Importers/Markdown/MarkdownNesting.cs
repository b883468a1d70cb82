namespace PostmortemSearch.Importers.Markdown;

/// <summary>
/// How deep a Markdown text nests lists and block quotes, measured in one pass over its lines before Markdig parses
/// it: Markdig's work grows with the square of the depth (a 9 MB list nested 3,000 levels cost 81 s before it was
/// rejected), so depth is bounded first. Fenced code is skipped; it nests nothing.
/// </summary>
internal static class MarkdownNesting
{
    /// <summary>No real write-up nests deeper than a handful of levels; 64 leaves room for odd indentation.</summary>
    public const int MaxDepth = 64;

    public static int Deepest(string text)
    {
        var deepest = 0;
        var inFence = false;
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var end = text.IndexOf('\n', lineStart);
            if (end < 0) end = text.Length;
            var depth = LineDepth(text.AsSpan(lineStart, end - lineStart), ref inFence);
            if (depth > deepest) deepest = depth;
            lineStart = end + 1;
        }
        return deepest;
    }

    /// <summary>Quote markers plus list markers, each list level counted by the indentation in front of it (two columns or more a level).</summary>
    internal static int LineDepth(ReadOnlySpan<char> line, ref bool inFence)
    {
        var trimmed = line.TrimStart();
        if (trimmed.StartsWith("```") || trimmed.StartsWith("~~~"))
        {
            inFence = !inFence;
            return 0;
        }
        if (inFence) return 0;
        var depth = 0;
        var column = 0;
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (c == '>') { depth++; i++; column = 0; continue; }
            if (c == ' ') { column++; i++; continue; }
            if (c == '\t') { column += 4; i++; continue; }
            if (c is '-' or '*' or '+' && i + 1 < line.Length && line[i + 1] is ' ' or '\t')
            {
                // "- - - item" opens a list inside a list on one line, as does indentation.
                depth += 1 + column / 2;
                column = 0;
                i += 2;
                continue;
            }
            break;
        }
        return depth;
    }
}
