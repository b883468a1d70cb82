using System.Text;

namespace PostmortemSearch.Importers.Html;

/// <summary>
/// A linear pre-scan of raw HTML that removes tags nested deeper than a limit, keeping their text. Hostile or broken
/// documents can nest 100,000 elements; HtmlAgilityPack would take minutes on them, real documents never come close.
/// </summary>
internal static class HtmlDepthLimiter
{
    private static readonly HashSet<string> Void = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "!doctype",
    };

    // Opening one of these while the same kind is innermost closes it implicitly (sibling, not child), as browsers do.
    private static readonly HashSet<string> SelfClosingSiblings = new(StringComparer.OrdinalIgnoreCase) { "p", "li", "dt", "dd", "tr", "td", "th", "option" };

    /// <summary>The HTML with over-deep tags removed, or null when the document stays within <paramref name="maxDepth"/>.</summary>
    public static string? Flatten(string html, int maxDepth)
    {
        if (MaxDepth(html, maxDepth, output: null) <= maxDepth) return null;
        var output = new StringBuilder(html.Length);
        MaxDepth(html, maxDepth, output);
        return output.ToString();
    }

    private static int MaxDepth(string html, int limit, StringBuilder? output)
    {
        var open = new List<(string Name, bool Dropped)>();
        var max = 0;
        var i = 0;
        var copiedUpTo = 0;
        while (true)
        {
            var lt = html.IndexOf('<', i);
            if (lt < 0 || lt + 1 >= html.Length) break;
            if (html.AsSpan(lt).StartsWith("<!--", StringComparison.Ordinal))
            {
                var endComment = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                i = endComment < 0 ? html.Length : endComment + 3;
                continue;
            }
            var gt = html.IndexOf('>', lt + 1);
            if (gt < 0) break;
            var isEnd = html[lt + 1] == '/';
            var nameStart = isEnd ? lt + 2 : lt + 1;
            var nameEnd = nameStart;
            while (nameEnd < gt && !char.IsWhiteSpace(html[nameEnd]) && html[nameEnd] != '/' && html[nameEnd] != '>') nameEnd++;
            var name = html[nameStart..nameEnd];
            i = gt + 1;
            if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '!')) continue;

            if (!isEnd && (name.Equals("script", StringComparison.OrdinalIgnoreCase) || name.Equals("style", StringComparison.OrdinalIgnoreCase)))
            {
                var endRaw = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                i = endRaw < 0 ? html.Length : endRaw;
                continue;
            }
            if (Void.Contains(name) || html[gt - 1] == '/') continue;

            bool drop;
            if (isEnd)
            {
                // Close the nearest open element of this name (looking a few levels up for unclosed children).
                var at = -1;
                for (var k = open.Count - 1; k >= Math.Max(0, open.Count - 8); k--)
                    if (open[k].Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                    {
                        at = k;
                        break;
                    }
                if (at < 0) continue;
                drop = open[at].Dropped;
                open.RemoveRange(at, open.Count - at);
            }
            else
            {
                if (open.Count > 0 && SelfClosingSiblings.Contains(name) && open[^1].Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                    open.RemoveAt(open.Count - 1);
                drop = open.Count >= limit;
                open.Add((name, drop));
                max = Math.Max(max, open.Count);
            }
            if (drop && output is not null)
            {
                output.Append(html, copiedUpTo, lt - copiedUpTo);
                copiedUpTo = gt + 1;
            }
        }
        output?.Append(html, copiedUpTo, html.Length - copiedUpTo);
        return max;
    }
}
