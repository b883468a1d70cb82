using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using PostmortemSearch.Core.Analytics.Clustering;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Core.Analytics;

[JsonConverter(typeof(JsonStringEnumConverter<FactorKind>))]
public enum FactorKind
{
    [JsonStringEnumMemberName("rootCause")] RootCause,
    [JsonStringEnumMemberName("contributingFactor")] ContributingFactor,
    [JsonStringEnumMemberName("trigger")] Trigger,
    /// <summary>A cause-bearing sentence of the summary, used only when the postmortem has no cause sections at all.</summary>
    [JsonStringEnumMemberName("narrative")] Narrative,
}

/// <summary>One contributing factor, root cause or trigger statement of one postmortem.</summary>
public sealed record FactorStatement(string PostmortemId, string Text, FactorKind Kind)
{
    /// <summary>
    /// Which entry (bullet, table cell, paragraph) of the postmortem the sentence came from, numbered per postmortem;
    /// sentences of one entry describe one cause together. -1 when unknown.
    /// </summary>
    [JsonIgnore]
    public int Entry { get; init; } = -1;
}

/// <summary>Splits a postmortem's root causes, contributing factors and trigger into factor statements.</summary>
public static partial class FactorStatements
{
    private static readonly Lazy<CauseLexicon> DefaultLexicon = new(() => CauseLexicon.LoadDefault(FactorText.Shared));

    /// <summary>Every factor statement of <paramref name="postmortem"/>, in document order: root causes, contributing factors, trigger.</summary>
    public static IReadOnlyList<FactorStatement> Extract(Postmortem postmortem)
    {
        ArgumentNullException.ThrowIfNull(postmortem);
        var result = new List<FactorStatement>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var entryIndex = 0;
        foreach (var entry in postmortem.RootCauses) Add(entry, FactorKind.RootCause);
        foreach (var entry in postmortem.ContributingFactors) Add(entry, FactorKind.ContributingFactor);
        if (postmortem.Trigger is { } trigger) Add(trigger, FactorKind.Trigger);
        // Some teams write the cause under "What went wrong" and nothing else: with no cause sections, that is the cause.
        if (result.Count == 0)
            foreach (var entry in postmortem.Lessons.WentWrong) Add(entry, FactorKind.ContributingFactor);
        if (result.Count == 0 && postmortem.Summary is { } summary)
        {
            // Narrative-only postmortems (public incident write-ups) state their causes in the summary: keep the
            // sentences that name a cause, or the opening two when none does.
            var sentences = SplitSentences(summary).Where(IsStatement).ToList();
            var causal = sentences.Where(HasCauseTerm).ToList();
            foreach (var sentence in (causal.Count > 0 ? causal : sentences.Take(2)).Where(seen.Add))
                result.Add(new FactorStatement(postmortem.Id, sentence, FactorKind.Narrative));
        }
        return result;

        void Add(string entry, FactorKind kind)
        {
            foreach (var sentence in SplitSentences(entry))
                if (IsStatement(sentence) && seen.Add(sentence))
                    result.Add(new FactorStatement(postmortem.Id, sentence, kind) { Entry = entryIndex });
            entryIndex++;
        }
    }

    private static bool HasCauseTerm(string sentence) => DefaultLexicon.Value.HasCauseTerm(FactorText.Shared(DefaultLexicon.Value.CorrectText(sentence)));

    /// <summary>The factor statements of all postmortems, in input order.</summary>
    public static IReadOnlyList<FactorStatement> ExtractAll(IReadOnlyList<Postmortem> postmortems) =>
        postmortems.SelectMany(Extract).ToList();

    /// <summary>Lines, then sentences; bullets and numbering stripped.</summary>
    internal static IEnumerable<string> SplitSentences(string text)
    {
        foreach (var rawLine in text.Split('\n'))
        {
            var line = Bullet().Replace(rawLine.Trim(), "").Trim();
            if (line.Length == 0) continue;
            foreach (var part in SentenceEnd().Split(line))
            {
                var sentence = Bullet().Replace(part.Trim(), "").Trim().TrimEnd(';', ',', ':').Trim();
                if (sentence.Length > 0) yield return sentence;
            }
        }
    }

    /// <summary>At least three words, or a shorter fragment that carries a cause term ("OOM", "cert expiry").</summary>
    internal static bool IsStatement(string sentence)
    {
        var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetterOrDigit));
        if (words >= 3) return true;
        return words > 0 && HasCauseTerm(sentence);
    }

    // "- ", "* ", "• ", "1. ", "1) ", "(a) ", "a) ", "[x] " at the start of a line.
    [GeneratedRegex(@"^(?:[-*•·+–—]\s*|\(?\d{1,3}[.)]\s+|\(?[a-zA-Z][.)]\s+(?=\S)|\[[ xX]\]\s*)+")]
    private static partial Regex Bullet();

    // A sentence ends at . ! ? followed by space and an uppercase letter, digit or quote; not after common abbreviations or initials.
    [GeneratedRegex(@"(?<!\b(?:e\.g|i\.e|etc|vs|approx|incl|Mr|Ms|Dr|St|[A-Z]))[.!?]+\s+(?=[A-Z0-9""'(])")]
    private static partial Regex SentenceEnd();
}
