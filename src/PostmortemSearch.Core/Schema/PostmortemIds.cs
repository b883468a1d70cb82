using System.Text.RegularExpressions;

namespace PostmortemSearch.Core.Schema;

/// <summary>
/// The one id pattern: what the API accepts in a URL is what an import may store, so every stored postmortem can be
/// shown and deleted (an id with spaces, markup or <c>../</c> could be imported but never addressed).
/// </summary>
public static partial class PostmortemIds
{
    public const int MaxLength = 128;

    public const string Rule = "letters, digits and . _ : - only, starting with a letter or digit, at most 128 characters";

    public static bool IsValid(string? id) => id is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(id);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:\-]*$")]
    private static partial Regex Pattern();
}
