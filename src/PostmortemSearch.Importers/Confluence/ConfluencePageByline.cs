using System.Globalization;
using System.Text.RegularExpressions;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Importers.Confluence;

/// <summary>
/// The byline of an exported Confluence page: "Created by X, last modified by Y on Nov 26, 2021",
/// "Created by X on Aug 09, 2024", "Created by X, last modified on 一月 11, 2018" (dates in the exporting user's locale).
/// </summary>
internal sealed record ConfluencePageByline(IReadOnlyList<string> Authors, Timestamp? Created, Timestamp? Modified, string? UnreadDate)
{
    private static readonly Regex ModifiedOn = new(@"last (?:modified|updated|edited)(?: by (?<by>.+?))? on (?<date>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private static readonly Regex CreatedOn = new(@"^(?:Created|Owned) by (?<by>.+?) on (?<date>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private static readonly Regex CreatedBy = new(@"^(?:Created|Owned) by (?<by>.+?)(?:,|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    // Longest first: 十一月 must not be read as 一月.
    private static readonly string[] ChineseMonths = ["十二月", "十一月", "十月", "九月", "八月", "七月", "六月", "五月", "四月", "三月", "二月", "一月"];

    private static readonly string[] DateFormats =
    [
        "MMM d, yyyy", "MMMM d, yyyy", "MMM d, yyyy HH:mm", "d MMM yyyy", "d MMMM yyyy", "yyyy-MM-dd", "M d, yyyy", "M/d/yyyy", "d.M.yyyy",
    ];

    /// <param name="line">The byline text, whitespace normalised.</param>
    /// <param name="author">The creator as the export marked it (<c>span.author</c>), if it did.</param>
    /// <param name="editor">The last editor as the export marked it (<c>span.editor</c>), if it did: an author only when no creator is named.</param>
    public static ConfluencePageByline Parse(string line, string? author, string? editor)
    {
        Timestamp? created = null, modified = null;
        string? unread = null;
        var modifiedMatch = ModifiedOn.Match(line);
        var createdMatch = CreatedOn.Match(line);
        if (modifiedMatch.Success)
        {
            editor ??= modifiedMatch.Groups["by"].Success ? modifiedMatch.Groups["by"].Value : null;
            if (ParseDate(modifiedMatch.Groups["date"].Value) is { } date) modified = Timestamp.Unzoned(date);
            else unread = modifiedMatch.Groups["date"].Value;
        }
        else if (createdMatch.Success)
        {
            author ??= createdMatch.Groups["by"].Value;
            if (ParseDate(createdMatch.Groups["date"].Value) is { } date) created = Timestamp.Unzoned(date);
            else unread = createdMatch.Groups["date"].Value;
        }
        if (author is null && CreatedBy.Match(line) is { Success: true } by) author = by.Groups["by"].Value;

        // The creator wrote the page; the last editor is whoever touched it last (often a bot fixing a label or a link),
        // so the editor is an author only when the byline names nobody else.
        var authors = (CleanName(author) ?? CleanName(editor)) is { } name ? new List<string> { name } : [];
        return new ConfluencePageByline(authors, created, modified, unread);
    }

    /// <summary>A date as Confluence prints it, in English or with Chinese month names; null when unreadable.</summary>
    public static DateTime? ParseDate(string text)
    {
        text = text.Trim().TrimEnd('.');
        foreach (var (month, index) in ChineseMonths.Select((m, i) => (m, 12 - i)))
            text = text.Replace(month, index.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        text = text.Replace("月", "", StringComparison.Ordinal);
        return DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var date) ? date : null;
    }

    /// <summary>Drops the licence state Confluence appends to names ("(Unlicensed)", "(Deactivated)").</summary>
    public static string? CleanName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        name = Regex.Replace(name, @"\s*\((?:Unlicensed|Deactivated|Inactive)\)\s*$", "", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)).Trim();
        return name.Length == 0 ? null : name;
    }
}
