using System.Text;
using HtmlAgilityPack;

namespace PostmortemSearch.Importers.Html;

/// <summary>
/// Loading and walking HTML without recursion: exported pages can nest elements arbitrarily deep, and
/// HtmlAgilityPack's own <c>Descendants</c>/<c>InnerText</c> recurse, so every walk here keeps its own stack.
/// </summary>
internal static class HtmlTree
{
    /// <summary>Nesting deeper than this is flattened before parsing: HtmlAgilityPack's parse time grows with the square of the depth.</summary>
    public const int MaxDepth = 1000;

    /// <summary>Parses bytes as HTML: BOM first, else UTF-8 (the encoding every export we read declares).</summary>
    public static HtmlDocument Load(ReadOnlyMemory<byte> content, HtmlOutlineContext? context = null) => Parse(Decode(content.Span), context);

    public static HtmlDocument Parse(string html, HtmlOutlineContext? context = null)
    {
        if (HtmlDepthLimiter.Flatten(html, MaxDepth) is { } flattened)
        {
            html = flattened;
            context?.Add(PostmortemSearch.Core.Schema.DiagnosticSeverity.Warning, $"elements nested deeper than {MaxDepth} levels were flattened into their parent");
        }
        var document = new HtmlDocument
        {
            OptionCheckSyntax = false,
            OptionFixNestedTags = false,
            OptionAutoCloseOnEnd = true,
        };
        document.LoadHtml(html);
        return document;
    }

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return Encoding.UTF8.GetString(bytes[3..]);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return Encoding.Unicode.GetString(bytes[2..]);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>The first <paramref name="maxBytes"/> bytes as text, for cheap format sniffing.</summary>
    public static string Head(ReadOnlyMemory<byte> content, int maxBytes = 4096)
    {
        var span = content.Span;
        return Encoding.UTF8.GetString(span[..Math.Min(span.Length, maxBytes)]);
    }

    /// <summary>All descendant elements in document order, iteratively; <paramref name="prune"/> stops descent below an element (the element itself is still yielded).</summary>
    public static IEnumerable<HtmlNode> Elements(HtmlNode root, Func<HtmlNode, bool>? prune = null)
    {
        var stack = new Stack<HtmlNode>();
        PushChildren(stack, root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node.NodeType != HtmlNodeType.Element) continue;
            yield return node;
            if (prune is null || !prune(node)) PushChildren(stack, node);
        }
    }

    public static HtmlNode? First(HtmlNode root, Func<HtmlNode, bool> match) => Elements(root).FirstOrDefault(match);

    public static void PushChildren(Stack<HtmlNode> stack, HtmlNode node)
    {
        var children = node.ChildNodes;
        for (var i = children.Count - 1; i >= 0; i--) stack.Push(children[i]);
    }

    public static bool HasClass(HtmlNode node, string name) => node.NodeType == HtmlNodeType.Element && node.HasClass(name);

    public static bool IsNamed(HtmlNode node, string name) => string.Equals(node.Name, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>The text of a subtree (entities decoded, whitespace normalised), ignoring script and style.</summary>
    public static string Text(HtmlNode root)
    {
        var text = new StringBuilder();
        var stack = new Stack<HtmlNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            switch (node.NodeType)
            {
                case HtmlNodeType.Text:
                    text.Append(DecodeText(((HtmlTextNode)node).Text));
                    break;
                case HtmlNodeType.Element or HtmlNodeType.Document when !IsNamed(node, "script") && !IsNamed(node, "style"):
                    if (IsNamed(node, "br")) text.Append(Break);
                    PushChildren(stack, node);
                    break;
            }
        }
        return Normalize(text.ToString());
    }

    public static string DecodeText(string raw) => raw.Contains('&', StringComparison.Ordinal) ? System.Net.WebUtility.HtmlDecode(raw) : raw;

    /// <summary>Marks an explicit line break (&lt;br&gt;, a block boundary) in collected text; source newlines are just whitespace.</summary>
    public const char Break = '\u0001';

    /// <summary>Collapses whitespace runs to one space, turns <see cref="Break"/> runs into one newline, and trims.</summary>
    public static string Normalize(string text)
    {
        var result = new StringBuilder(text.Length);
        var pendingSpace = false;
        var pendingBreak = false;
        foreach (var c in text)
        {
            if (c == Break)
            {
                pendingBreak = true;
                continue;
            }
            if (char.IsWhiteSpace(c) || c == '\u200B')
            {
                pendingSpace = true;
                continue;
            }
            if (result.Length > 0)
            {
                if (pendingBreak) result.Append('\n');
                else if (pendingSpace) result.Append(' ');
            }
            pendingSpace = pendingBreak = false;
            result.Append(c);
        }
        return result.ToString();
    }
}
