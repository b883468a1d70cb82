using System.Text.RegularExpressions;

namespace PostmortemSearch.Importers.Extraction;

/// <summary>
/// Whether a document says it is restricted. Fails closed on the ways organisations write it: a classification word
/// anywhere in a metadata value ("Company Confidential", "Internal - Restricted", "Strictly confidential", "TLP:RED"),
/// a label or tag (<c>confidential</c>, <c>restricted-access</c>), or a short banner line ("RESTRICTED - DO NOT
/// DISTRIBUTE"). A negated word ("not restricted", "non-confidential", "unrestricted") keeps the document open.
/// </summary>
internal static partial class RestrictedMarking
{
    /// <summary>A value of a restricted/classification/visibility… key.</summary>
    public static bool IsRestrictedValue(string value)
    {
        if (Affirmative().IsMatch(value)) return true;
        if (Negative().IsMatch(value)) return false;
        return HasClassificationWord(value);
    }

    /// <summary>A label or tag: <c>restricted</c>, <c>confidential</c>, <c>restricted-access</c>, <c>tlp:red</c>, <c>need-to-know</c>.</summary>
    public static bool IsRestrictedLabel(string label) => HasClassificationWord(label.Replace('-', ' ').Replace('_', ' '));

    /// <summary>
    /// A short line that is a classification banner: written in capitals ("RESTRICTED - DO NOT DISTRIBUTE",
    /// "COMPANY CONFIDENTIAL") or nothing but a classification ("Strictly confidential", "TLP:RED"). Prose that
    /// merely mentions a "restricted API" is longer, lower case, or says more.
    /// </summary>
    public static bool IsBanner(string line)
    {
        var text = line.Trim().Trim('*', '_', '#', '>', '[', ']', '(', ')', ' ');
        if (text.Length is 0 or > 80) return false;
        if (BannerOnly().IsMatch(text)) return HasClassificationWord(text);
        var letters = text.Where(char.IsLetter).ToList();
        return letters.Count >= 6 && letters.All(char.IsUpper) && (HasClassificationWord(text) || DoNotDistribute().IsMatch(text));
    }

    private static bool HasClassificationWord(string text)
    {
        foreach (Match m in ClassificationWord().Matches(text))
        {
            var before = text[..m.Index];
            if (!NegationBefore().IsMatch(before)) return true;
        }
        return false;
    }

    [GeneratedRegex(@"^\s*(yes|y|true|1|limited|private)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Affirmative();

    [GeneratedRegex(@"^\s*(no|n|false|0|none|public|open|unrestricted|everyone|all staff|n/?a)\s*\.?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Negative();

    [GeneratedRegex(@"\b(restricted|confidential|secret|need[- ]to[- ]know|tlp\s*[:\-]?\s*(red|amber(\s*\+\s*strict)?)|do not (distribute|share|forward|circulate)|not for (distribution|circulation))\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClassificationWord();

    /// <summary>"not ", "non-", "non ", "isn't " right before the word.</summary>
    [GeneratedRegex(@"(\bnot|\bnon|\bisn'?t|\bno longer)[\s\-]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NegationBefore();

    [GeneratedRegex(@"^(classification|confidentiality|sensitivity|security classification|data classification|tlp)?\s*[:\-–—]?\s*(company|strictly|highly|internal|internal\s*[-–—]\s*)?\s*(restricted|confidential|secret|tlp\s*[:\-]?\s*(red|amber(\s*\+\s*strict)?))(\s*[-–—:]\s*(internal( use)?( only)?|do not (distribute|share|forward)|need[- ]to[- ]know))?\.?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BannerOnly();

    [GeneratedRegex(@"\bDO NOT (DISTRIBUTE|SHARE|FORWARD|CIRCULATE)\b")]
    private static partial Regex DoNotDistribute();
}
