using System.Globalization;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Wordprocessing;

namespace PostmortemSearch.Importers.Word;

/// <summary>What a paragraph style makes of a paragraph: the document title, a heading of some level, or body text.</summary>
internal readonly record struct StyleRole(bool IsTitle, int? HeadingLevel)
{
    public static readonly StyleRole Body = new(false, null);
}

/// <summary>
/// The styles part, resolved: heading and title roles through <c>basedOn</c> chains (by outline level, style id
/// or name in any of the languages Word ships), inherited bold, and list numbering that comes from a style.
/// </summary>
internal sealed partial class WordStyles
{
    private const int MaxChain = 32;
    private readonly Dictionary<string, Style> _byId;
    private readonly string? _defaultParagraphStyle;
    private readonly bool _defaultBold;

    public WordStyles(Styles? styles)
    {
        _byId = new Dictionary<string, Style>(StringComparer.Ordinal);
        foreach (var style in styles?.Elements<Style>() ?? [])
        {
            if (style.StyleId?.Value is { } id) _byId.TryAdd(id, style);
        }
        _defaultParagraphStyle = styles?.Elements<Style>()
            .FirstOrDefault(s => s.Type?.Value == StyleValues.Paragraph && s.Default?.Value == true)?.StyleId?.Value;
        _defaultBold = IsOn(styles?.DocDefaults?.RunPropertiesDefault?.RunPropertiesBaseStyle?.Bold);
    }

    public string? ParagraphStyleId(Paragraph p) => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? _defaultParagraphStyle;

    /// <summary>The role of a paragraph: direct outline level first, then its style chain.</summary>
    public StyleRole Role(Paragraph p)
    {
        if (p.ParagraphProperties?.OutlineLevel?.Val?.Value is int direct)
            return direct is >= 0 and < 9 ? new StyleRole(false, direct + 1) : StyleRole.Body;

        foreach (var style in Chain(ParagraphStyleId(p)))
        {
            var id = style.StyleId?.Value ?? "";
            var name = style.StyleName?.Val?.Value ?? "";
            if (IsTitleName(id) || IsTitleName(name)) return new StyleRole(true, null);
            if (style.StyleParagraphProperties?.OutlineLevel?.Val?.Value is int level)
                return level is >= 0 and < 9 ? new StyleRole(false, level + 1) : StyleRole.Body;
            if ((HeadingNameLevel(id) ?? HeadingNameLevel(name)) is int named) return new StyleRole(false, named);
        }
        return StyleRole.Body;
    }

    /// <summary>Whether a run renders bold: its own properties, then its character style, then the paragraph style, then defaults.</summary>
    public bool IsBold(Run run, string? paragraphStyleId)
    {
        var props = run.RunProperties;
        if (props?.Bold is { } b) return IsOn(b);
        foreach (var style in Chain(props?.RunStyle?.Val?.Value))
        {
            if (style.StyleRunProperties?.Bold is { } sb) return IsOn(sb);
        }
        foreach (var style in Chain(paragraphStyleId))
        {
            if (style.StyleRunProperties?.Bold is { } pb) return IsOn(pb);
        }
        return _defaultBold;
    }

    /// <summary>List numbering a paragraph takes from its style (e.g. "List Number"), when the paragraph has none of its own.</summary>
    public (int? NumId, int? Level) StyleNumbering(string? styleId)
    {
        int? numId = null, level = null;
        foreach (var style in Chain(styleId))
        {
            var numPr = style.StyleParagraphProperties?.NumberingProperties;
            numId ??= numPr?.NumberingId?.Val?.Value;
            level ??= numPr?.NumberingLevelReference?.Val?.Value;
        }
        return (numId, level);
    }

    /// <summary>A style and the styles it is based on, most specific first; cycles and dangling ids end the chain.</summary>
    private IEnumerable<Style> Chain(string? styleId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (styleId is not null && seen.Add(styleId) && seen.Count <= MaxChain && _byId.TryGetValue(styleId, out var style))
        {
            yield return style;
            styleId = style.BasedOn?.Val?.Value;
        }
    }

    private static bool IsOn(OnOffType? value) => value is not null && WordValues.IsOn(value.Val);

    // Word's built-in names per UI language; ids are the names with spaces and non-ASCII letters dropped
    // ("Überschrift 1" → "berschrift1", "Título 1" → "Ttulo1"), so both spellings are listed.
    [GeneratedRegex(@"^(heading|berschrift|überschrift|titre|título|titulo|ttulo|kop|intestazione|titolo|rubrik|overskrift|otsikko|nagłówek|nagwek|nadpis|címsor|cmsor|başlık|balk|заголовок|标题|見出し|제목)(\d)$", RegexOptions.CultureInvariant)]
    private static partial Regex HeadingName();

    private static readonly HashSet<string> TitleNames = new(StringComparer.Ordinal)
    {
        "title", "titre", "título", "titulo", "ttulo", "titel", "titolo", "tytuł", "tytu", "otsikko", "názov", "nzov", "cím", "название",
    };

    internal static int? HeadingNameLevel(string name)
    {
        var match = HeadingName().Match(Normalize(name));
        return match.Success && int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) is var level and >= 1 ? level : null;
    }

    internal static bool IsTitleName(string name) => TitleNames.Contains(Normalize(name));

    private static string Normalize(string name) =>
        string.Concat(name.Where(c => !char.IsWhiteSpace(c) && c is not '-' and not '_')).ToLowerInvariant();
}
