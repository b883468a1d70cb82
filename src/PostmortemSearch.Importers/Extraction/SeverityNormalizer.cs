using System.Text.RegularExpressions;

namespace PostmortemSearch.Importers.Extraction;

/// <summary>Normalises the many ways severity is written (SEV-1, Sev 2, S3, P1, "Critical") to SEV1..SEV5.</summary>
internal static partial class SeverityNormalizer
{
    public static string? Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var s = raw.Trim().ToLowerInvariant();
        var m = Numbered().Match(s);
        // "Customer-facing SEV2", "Major incident (Sev 1)": a numbered severity anywhere in the value.
        if (!m.Success) m = NumberedAnywhere().Match(s);
        if (m.Success)
        {
            var n = int.Parse(m.Groups["n"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
            return $"SEV{Math.Clamp(n == 0 ? 1 : n, 1, 5)}";
        }
        // Jira priorities: Highest, High, Medium, Low, Lowest.
        if (Highest().IsMatch(s)) return "SEV1";
        if (Words1().IsMatch(s)) return "SEV1";
        if (Words2().IsMatch(s)) return "SEV2";
        if (Words3().IsMatch(s)) return "SEV3";
        if (Words4().IsMatch(s)) return "SEV4";
        if (Words5().IsMatch(s)) return "SEV5";
        return null;
    }

    [GeneratedRegex(@"^\W*(sev(erity)?|s|p|priority|level|lvl|l)?[\s\-_:#]*(?<n>[0-5])\b")]
    private static partial Regex Numbered();

    [GeneratedRegex(@"\b(sev(erity)?|priority)[\s\-_:#]*(?<n>[0-5])\b")]
    private static partial Regex NumberedAnywhere();

    [GeneratedRegex(@"\bhighest\b")]
    private static partial Regex Highest();

    [GeneratedRegex(@"\b(critical|blocker|emergency|catastrophic|urgent)\b")]
    private static partial Regex Words1();

    [GeneratedRegex(@"\b(major|high|severe|serious)\b")]
    private static partial Regex Words2();

    [GeneratedRegex(@"\b(moderate|medium|significant|normal)\b")]
    private static partial Regex Words3();

    [GeneratedRegex(@"\b(minor|low)\b")]
    private static partial Regex Words4();

    [GeneratedRegex(@"\b(trivial|cosmetic|informational|info|lowest|negligible)\b")]
    private static partial Regex Words5();
}
