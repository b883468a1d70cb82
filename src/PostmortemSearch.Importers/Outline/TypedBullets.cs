using System.Text.RegularExpressions;

namespace PostmortemSearch.Importers.Outline;

/// <summary>
/// Lists typed by hand: in Word, Google Docs and Confluence many writers start a line with "- " or "• " instead of
/// using the list button, so the reader sees paragraphs. A run of such paragraphs (or a paragraph whose every line is
/// one) is the list it looks like, whatever the format; the bullet is not part of an item's text.
/// </summary>
public static partial class TypedBullets
{
    public static IReadOnlyList<Block> Join(IReadOnlyList<Block> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (!blocks.Any(b => b is ParagraphBlock p && ItemsOf(p) is not null)) return blocks;
        var result = new List<Block>(blocks.Count);
        var run = new List<ListItem>();
        foreach (var block in blocks)
        {
            if (block is ParagraphBlock p && ItemsOf(p) is { } items)
            {
                run.AddRange(items);
                continue;
            }
            Flush();
            result.Add(block);
        }
        Flush();
        return result;

        void Flush()
        {
            if (run.Count == 0) return;
            result.Add(new ListBlock([.. run]));
            run.Clear();
        }
    }

    /// <summary>The items of a paragraph whose every non-empty line starts with a typed bullet; null otherwise.</summary>
    private static List<ListItem>? ItemsOf(ParagraphBlock paragraph)
    {
        var lines = paragraph.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0) return null;
        var items = new List<ListItem>(lines.Length);
        foreach (var line in lines)
        {
            var m = Bullet().Match(line);
            if (!m.Success) return null;
            items.Add(new ListItem(m.Groups["text"].Value));
        }
        return items;
    }

    /// <summary>A bullet glyph, a space, then text that starts with a letter, digit or quote ("- 5 pods", not "-5 °C" or "--flag").</summary>
    [GeneratedRegex(@"^[-*•‣◦▪●–]\s+(?<text>[\p{L}\p{N}""'“‘(\[].*)$")]
    private static partial Regex Bullet();
}
