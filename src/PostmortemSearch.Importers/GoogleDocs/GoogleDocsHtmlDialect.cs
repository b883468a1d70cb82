using System.Text.RegularExpressions;
using HtmlAgilityPack;
using PostmortemSearch.Importers.Html;

namespace PostmortemSearch.Importers.GoogleDocs;

/// <summary>
/// Google Docs "Download as HTML": bold and italic exist only as generated <c>.cN</c> classes, so the
/// <c>&lt;style&gt;</c> block is read to learn which classes set the font weight; lists are flat sibling
/// <c>ul.lst-kix_&lt;id&gt;-&lt;level&gt;</c> elements, one per nesting level, joined back by list id.
/// </summary>
internal sealed partial class GoogleDocsHtmlDialect : HtmlDialect
{
    private readonly Dictionary<string, bool> _classWeights;

    private GoogleDocsHtmlDialect(Dictionary<string, bool> classWeights) => _classWeights = classWeights;

    public static GoogleDocsHtmlDialect For(HtmlNode root)
    {
        var weights = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var style in HtmlTree.Elements(root).Where(e => HtmlTree.IsNamed(e, "style")))
        {
            foreach (Match rule in CssRule().Matches(style.InnerText))
            {
                if (HtmlOutlineBuilder.FontWeightIsBold(rule.Groups["body"].Value) is not { } bold) continue;
                foreach (Capture selector in rule.Groups["class"].Captures) weights[selector.Value] = bold;
            }
        }
        return new GoogleDocsHtmlDialect(weights);
    }

    // Only simple class rules (".c5{...}" or ".c5, .c6{...}"): Docs puts run formatting there.
    [GeneratedRegex(@"(?<=^|[}\s])\.(?<class>[A-Za-z][\w-]*)\s*(?:,\s*\.(?<class>[A-Za-z][\w-]*)\s*)*\{(?<body>[^}]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex CssRule();

    [GeneratedRegex(@"^lst-kix_(?<id>[\w]+)-(?<level>\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex KixClass();

    public override bool? IsBold(HtmlNode element)
    {
        bool? result = null;
        foreach (var cls in element.GetClasses())
            if (_classWeights.TryGetValue(cls, out var bold))
            {
                if (bold) return true;
                result = false;
            }
        return result;
    }

    public override bool IsDropped(HtmlNode element, HtmlOutlineContext context) =>
        // The title paragraph is the outline's title; comment anchors ("[a]" in the text) and the comment bodies Docs
        // appends at the end (a div or paragraph that opens with the "[a]" back-link, then "Name: remark") are not body text.
        element.HasClass("title")
        || (HtmlTree.IsNamed(element, "sup") && element.ChildNodes.Any(c => HtmlTree.IsNamed(c, "a") && c.GetAttributeValue("href", "").StartsWith("#cmnt", StringComparison.Ordinal)))
        || ((HtmlTree.IsNamed(element, "div") || HtmlTree.IsNamed(element, "p")) && OpensWithCommentBackLink(element));

    /// <summary>True when the first link inside the element, before any text, points back to a comment anchor (#cmnt_ref1).</summary>
    private static bool OpensWithCommentBackLink(HtmlNode element)
    {
        for (var node = element.FirstChild; node is not null; node = node.FirstChild ?? node.NextSibling)
        {
            if (node.NodeType == HtmlNodeType.Text && !string.IsNullOrWhiteSpace(node.InnerText)) return false;
            if (HtmlTree.IsNamed(node, "a")) return node.GetAttributeValue("href", "").StartsWith("#cmnt_ref", StringComparison.Ordinal);
        }
        return false;
    }

    /// <summary>A link whose visible text is itself a Google redirect reads as the real address.</summary>
    public override string? ReplaceInline(HtmlNode element, HtmlOutlineContext context)
    {
        if (!HtmlTree.IsNamed(element, "a")) return null;
        var text = HtmlTree.Text(element);
        return text.StartsWith("https://www.google.com/url?", StringComparison.OrdinalIgnoreCase) ? UnwrapRedirect(text) : null;
    }

    /// <summary><c>https://www.google.com/url?q=&lt;real&gt;&amp;sa=…</c> → <c>&lt;real&gt;</c>; any other address unchanged.</summary>
    public static string UnwrapRedirect(string href)
    {
        href = HtmlTree.DecodeText(href);
        if (!Uri.TryCreate(href, UriKind.Absolute, out var uri) || !uri.Host.EndsWith("google.com", StringComparison.OrdinalIgnoreCase) || uri.AbsolutePath != "/url")
            return href;
        foreach (var pair in uri.Query.TrimStart('?').Split('&'))
            if (pair.StartsWith("q=", StringComparison.Ordinal)) return Uri.UnescapeDataString(pair[2..].Replace('+', ' '));
        return href;
    }

    public override HtmlListKind? ListKind(HtmlNode element)
    {
        var kind = base.ListKind(element);
        if (kind is null) return null;
        foreach (var cls in element.GetClasses())
            if (KixClass().Match(cls) is { Success: true } kix)
                return kind with { GroupKey = kix.Groups["id"].Value, Level = int.Parse(kix.Groups["level"].Value, System.Globalization.CultureInfo.InvariantCulture) };
        return kind;
    }

    // Exports wrap whole tables in <thead>; only bold first rows (or <th> in clipboard HTML) are headers.
    public override bool TheadIsHeader => false;
}
