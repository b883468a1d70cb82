using System.Text.RegularExpressions;

namespace PostmortemSearch.Core.Analytics;

/// <summary>
/// Turns an action item's ticket into a link through a configured template such as
/// <c>https://jira.example.com/browse/{key}</c> (<c>PMSEARCH_TICKET_URL</c>). A ticket that already is a web address is
/// its own link; a key is linked only when a template is configured; anything else stays text.
/// </summary>
public sealed partial record TicketLinks(string? Template)
{
    public const string KeyPlaceholder = "{key}";

    public static TicketLinks None { get; } = new((string?)null);

    /// <summary>A template must be an http(s) address containing <c>{key}</c>; the message says what is wrong, null when fine.</summary>
    public static string? Problem(string? template)
    {
        if (string.IsNullOrWhiteSpace(template)) return null;
        if (!template.Contains(KeyPlaceholder, StringComparison.Ordinal)) return $"the ticket URL template '{template}' has no {KeyPlaceholder}, e.g. https://jira.example.com/browse/{KeyPlaceholder}";
        return Uri.TryCreate(template.Replace(KeyPlaceholder, "X-1", StringComparison.Ordinal), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? null
            : $"the ticket URL template '{template}' is not an http(s) address";
    }

    public string? UrlFor(string? ticket)
    {
        if (string.IsNullOrWhiteSpace(ticket)) return null;
        var t = ticket.Trim();
        if (Uri.TryCreate(t, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return uri.ToString();
        if (string.IsNullOrWhiteSpace(Template) || Problem(Template) is not null) return null;
        var key = Key().Match(t);
        return key.Success ? Template.Replace(KeyPlaceholder, Uri.EscapeDataString(key.Value), StringComparison.Ordinal) : null;
    }

    /// <summary>A Jira-style key (OPS-123) at the start of the ticket text ("OPS-123 (done)" is still OPS-123).</summary>
    [GeneratedRegex(@"^[A-Z][A-Z0-9_]*-\d+\b")]
    private static partial Regex Key();
}
