using System.Globalization;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Core.Search;

/// <summary>A search query as the user wrote it, split into clauses; analysis into index terms happens in <see cref="SearchIndex"/>.</summary>
public sealed record ParsedQuery
{
    /// <summary>Free-text words, OR-ed and BM25F-ranked.</summary>
    public IReadOnlyList<string> Terms { get; init; } = [];
    /// <summary>Exact phrases every hit must contain.</summary>
    public IReadOnlyList<string> Phrases { get; init; } = [];
    public IReadOnlyList<string> ExcludedTerms { get; init; } = [];
    public IReadOnlyList<string> ExcludedPhrases { get; init; } = [];
    /// <summary>Prefixes written as <c>prefix*</c>, without the star, lower-cased.</summary>
    public IReadOnlyList<string> Prefixes { get; init; } = [];
    public IReadOnlyList<string> Services { get; init; } = [];
    /// <summary>Owning or responding teams, lower-cased (<c>team:payments</c>).</summary>
    public IReadOnlyList<string> Teams { get; init; } = [];
    /// <summary>Normalised <c>SEV1</c>..<c>SEV5</c>.</summary>
    public IReadOnlyList<string> Severities { get; init; } = [];
    public IReadOnlyList<string> Statuses { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> Factors { get; init; } = [];
    /// <summary>Inclusive lower bound on the incident date.</summary>
    public DateOnly? After { get; init; }
    /// <summary>Exclusive upper bound on the incident date.</summary>
    public DateOnly? Before { get; init; }

    /// <summary>Words the user wrote that hold nothing searchable ("!!!", "🔥"): with no other words, the query matches nothing.</summary>
    public int IgnoredParts { get; init; }

    public bool HasText => Terms.Count > 0 || Phrases.Count > 0 || Prefixes.Count > 0;
    public bool HasFilters => Services.Count > 0 || Teams.Count > 0 || Severities.Count > 0 || Statuses.Count > 0 || Tags.Count > 0 || Factors.Count > 0 || After is not null || Before is not null;
}

/// <summary>The query could not be understood; <see cref="Exception.Message"/> says why and how to write it (a 400, never a 500).</summary>
public sealed class QueryException : Exception
{
    public QueryException() : base(QueryParser.Usage) { }
    public QueryException(string message) : base(message + " " + QueryParser.Usage) { }
    public QueryException(string message, Exception innerException) : base(message + " " + QueryParser.Usage, innerException) { }
}

/// <summary>
/// Parses the query language: free text; <c>"exact phrase"</c>; <c>-excluded</c>; <c>-"phrase"</c>; <c>prefix*</c>;
/// <c>service:</c> <c>team:</c> <c>severity:</c> <c>status:</c> <c>tag:</c> <c>factor:</c> <c>after:</c> <c>before:</c>.
/// Never throws anything but <see cref="QueryException"/>. Text that looks like another syntax (SQL, FTS5) is just text.
/// </summary>
public static class QueryParser
{
    public const int MaxLength = 4096;
    public const int MaxClauses = 64;

    public const string Usage =
        "Usage: words (any may match, best first), \"exact phrase\", -word or -\"phrase\" to exclude, prefix*, " +
        "and filters service:NAME team:NAME severity:SEV1..SEV5 (or S1, P1, sev-1) status:NAME tag:NAME factor:ID " +
        "after:DATE before:DATE where DATE is yyyy, yyyy-mm, yyyy-mm-dd or yyyyQ1..Q4 (after: inclusive, before: exclusive).";

    private static readonly string[] Fields = ["service", "team", "severity", "sev", "status", "tag", "factor", "after", "before"];

    public static ParsedQuery Parse(string? query)
    {
        query ??= "";
        if (query.Length > MaxLength) throw new QueryException($"The query is {query.Length} characters long; the limit is {MaxLength}.");
        var text = Sanitize(query);
        var terms = new List<string>();
        var phrases = new List<string>();
        var excludedTerms = new List<string>();
        var excludedPhrases = new List<string>();
        var prefixes = new List<string>();
        var services = new List<string>();
        var teams = new List<string>();
        var severities = new List<string>();
        var statuses = new List<string>();
        var tags = new List<string>();
        var factors = new List<string>();
        DateOnly? after = null, before = null;
        var clauses = 0;
        var ignored = 0;

        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i])) { i++; continue; }
            if (++clauses > MaxClauses) throw new QueryException($"The query has more than {MaxClauses} parts.");
            var negate = false;
            if (text[i] == '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]) && text[i + 1] != '-')
            {
                negate = true;
                i++;
            }
            if (text[i] == '"')
            {
                var phrase = ReadQuoted(text, ref i);
                // every word of a phrase is a part: a 100-word phrase costs as much as 100 words
                clauses += Math.Max(0, phrase.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length - 1);
                if (clauses > MaxClauses) throw new QueryException($"The query has more than {MaxClauses} parts (each word of a phrase counts).");
                if (phrase.Trim().Length > 0) (negate ? excludedPhrases : phrases).Add(phrase.Trim());
                continue;
            }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '"') i++;
            var token = text[start..i];
            var colon = token.IndexOf(':', StringComparison.Ordinal);
            var field = colon > 0 ? token[..colon].ToLowerInvariant() : null;
            if (field is not null && Array.IndexOf(Fields, field) >= 0)
            {
                var value = token[(colon + 1)..];
                if (value.Length == 0 && i < text.Length && text[i] == '"') value = ReadQuoted(text, ref i);
                value = value.Trim();
                if (value.Length == 0) throw new QueryException($"'{field}:' needs a value, e.g. {field}:{Example(field)}.");
                if (negate) throw new QueryException($"'-{field}:' (excluding by a filter) is not supported.");
                switch (field)
                {
                    case "service": services.Add(value.ToLowerInvariant()); break;
                    case "team": teams.Add(value.ToLowerInvariant()); break;
                    case "severity" or "sev": severities.Add(NormalizeSeverity(value) ?? throw new QueryException($"'{value}' is not a severity; use {SeverityForms}.")); break;
                    case "status": statuses.Add(value.ToLowerInvariant()); break;
                    case "tag": tags.Add(value.ToLowerInvariant()); break;
                    case "factor": factors.Add(value); break;
                    case "after": after = Max(after, ParsePeriodStart(value, field)); break;
                    case "before": before = Min(before, ParsePeriodStart(value, field)); break;
                }
                continue;
            }
            var word = token.Trim('*');
            if (word.Length == 0 || !word.Any(char.IsLetterOrDigit))
            {
                if (!negate) ignored++;
                continue;
            }
            if (token.EndsWith('*') && !negate) prefixes.Add(word.ToLowerInvariant());
            else (negate ? excludedTerms : terms).Add(word);
        }

        return new ParsedQuery
        {
            Terms = terms, Phrases = phrases, ExcludedTerms = excludedTerms, ExcludedPhrases = excludedPhrases, Prefixes = prefixes,
            Services = services, Teams = teams, Severities = severities, Statuses = statuses, Tags = tags, Factors = factors, After = after, Before = before,
            IgnoredParts = ignored,
        };
    }

    /// <summary>The forms <see cref="NormalizeSeverity"/> reads, for error messages.</summary>
    public const string SeverityForms = "SEV1..SEV5 (also S1, P1, sev-1 or 1; SEV0/P0 count as SEV1, as on import)";

    /// <summary>
    /// <c>SEV1</c>..<c>SEV5</c> from sev1, SEV-1, sev 1, S1, P1, 1; null when it is not a severity. 0 is SEV1, as the
    /// importer stores SEV0/P0 documents (the schema's scale starts at SEV1).
    /// </summary>
    public static string? NormalizeSeverity(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var v = value.Trim().ToUpperInvariant().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (v.StartsWith("SEV", StringComparison.Ordinal)) v = v[3..];
        else if (v.StartsWith('P') || v.StartsWith('S')) v = v[1..];
        if (v.Length != 1 || v[0] is < '0' or > '5') return null;
        return v[0] == '0' ? "SEV1" : "SEV" + v;
    }

    /// <summary>The first day of a period written as yyyy, yyyy-mm, yyyy-mm-dd or yyyyQn.</summary>
    public static DateOnly ParsePeriodStart(string value, string field = "after") =>
        PeriodText.TryParse(value, out var first, out _) ? first : throw new QueryException($"'{field}:{value}' is not a date.");

    private static string ReadQuoted(string text, ref int i)
    {
        // an unbalanced quote runs to the end of the query
        var close = text.IndexOf('"', i + 1);
        var end = close < 0 ? text.Length : close;
        var value = text[(i + 1)..end];
        i = close < 0 ? text.Length : close + 1;
        return value;
    }

    private static string Sanitize(string query)
    {
        var chars = query.ToCharArray();
        for (var k = 0; k < chars.Length; k++)
        {
            var c = chars[k];
            if (char.IsControl(c) || c is '\u201C' or '\u201D') chars[k] = c is '\u201C' or '\u201D' ? '"' : ' ';
            else if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && k + 1 < chars.Length && char.IsLowSurrogate(chars[k + 1]))
                     && !(char.IsLowSurrogate(c) && k > 0 && char.IsHighSurrogate(chars[k - 1]))) chars[k] = ' ';
        }
        return new string(chars);
    }

    private static string Example(string field) => field switch
    {
        "service" => "checkout",
        "team" => "payments",
        "severity" or "sev" => "SEV1",
        "status" => "published",
        "tag" => "database",
        "factor" => "3",
        _ => "2025-03",
    };

    private static DateOnly? Max(DateOnly? a, DateOnly b) => a is { } x && x > b ? x : b;
    private static DateOnly? Min(DateOnly? a, DateOnly b) => a is { } x && x < b ? x : b;
}
