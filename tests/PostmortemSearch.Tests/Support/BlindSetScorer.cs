using System.Globalization;
using System.Text.Json;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers;
using static PostmortemSearch.Tests.Support.FieldText;

namespace PostmortemSearch.Tests.Support;

/// <summary>
/// Scores an import of a blind set: a folder of documents, each with <c>&lt;file&gt;.truth.json</c> beside it
/// (<c>{"postmortem": false, "reason"}</c>, <c>{"postmortem": true, "fields"}</c>, or <c>{"pages": [{pageTitle, fields}]}</c>
/// for a file holding several pages). The folder is imported as a user would import it; every field the truth states is
/// one check: title, severity, services, authors, the four incident times, postmortem date, the prose sections
/// (summary, impact, detection, trigger, resolution: the truth's words must be there, and not swamped by other text),
/// each root cause and contributing factor, each timeline entry (found, and its time) and the count of entries, each
/// action item (found, owner, due, status, ticket) and their count; a non-postmortem is one check: skipped with a reason.
/// </summary>
public static class BlindSetScorer
{
    public sealed record Check(string File, string Field, bool Right, string Detail)
    {
        /// <summary>The group a check counts in ("timeline" for every timeline check).</summary>
        public string Kind => Field.Split(' ', ':')[0];
    }

    public static List<Check> Score(string folder)
    {
        var outcomes = new Importer().ReadPaths([folder], folder).ToList();
        var checks = new List<Check>();
        foreach (var truthFile in Directory.GetFiles(folder, "*.truth.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(folder, truthFile[..^".truth.json".Length]).Replace('\\', '/');
            var mine = outcomes.Where(o => o.Path == relative || o.Path.StartsWith(relative + "#", StringComparison.Ordinal) || o.Path.StartsWith(relative + "!", StringComparison.Ordinal)).ToList();
            var imported = mine.SelectMany(o => o.Postmortems).ToList();
            var truth = JsonDocument.Parse(File.ReadAllText(truthFile)).RootElement;
            if (truth.TryGetProperty("pages", out var pages))
            {
                foreach (var page in pages.EnumerateArray())
                {
                    var title = page.GetProperty("pageTitle").GetString()!;
                    var actual = imported.FirstOrDefault(p => Words(p.Title) == Words(title));
                    checks.AddRange(Compare(page, actual, $"{relative} '{title}'", Why(mine)));
                }
            }
            else if (truth.GetProperty("postmortem").GetBoolean())
            {
                checks.AddRange(Compare(truth, imported.Count == 1 ? imported[0] : null, relative, imported.Count > 1 ? $"{imported.Count} postmortems" : Why(mine)));
            }
            else
            {
                var skipped = mine.Count > 0 && imported.Count == 0 && mine.All(o => o.Error is { Length: > 10 });
                checks.Add(new Check(relative, "skipped", skipped,
                    skipped ? mine[0].Error! : $"imported as [{string.Join(" | ", imported.Select(p => p.Title))}]; truth: {truth.GetProperty("reason").GetString()}"));
            }
        }
        return checks;
    }

    private static string Why(List<FileOutcome> outcomes) => outcomes.Count == 0 ? "no outcome" : string.Join("; ", outcomes.Select(o => o.Error ?? "no postmortem"));

    private static IEnumerable<Check> Compare(JsonElement truth, Postmortem? a, string file, string why)
    {
        Check C(string field, bool right, string detail) => new(file, field, right, detail);
        if (a is null)
        {
            yield return C("imported", false, why);
            yield break;
        }
        var e = truth.GetProperty("fields");
        string? S(JsonElement el, string name) => el.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        List<string> L(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? [.. v.EnumerateArray().Select(x => x.GetString()!)] : [];
        bool Has(string name) => e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

        if (Has("title")) yield return C("title", Words(a.Title) == Words(S(e, "title")!), $"'{a.Title}' vs '{S(e, "title")}'");
        if (Has("severity")) yield return C("severity", a.Severity == S(e, "severity"), $"{a.Severity} vs {S(e, "severity")}");
        if (Has("services")) yield return C("services", SameSet(a.Services, L("services")), $"[{string.Join(", ", a.Services)}] vs [{string.Join(", ", L("services"))}]");
        if (Has("authors")) yield return C("authors", SameSet(a.Authors, L("authors")), $"[{string.Join(", ", a.Authors)}] vs [{string.Join(", ", L("authors"))}]");
        foreach (var (name, actual) in new[] { ("incidentStart", a.IncidentStart), ("detectedAt", a.DetectedAt), ("mitigatedAt", a.MitigatedAt), ("resolvedAt", a.ResolvedAt) })
            if (Has(name)) yield return C(name, SameTime(actual, S(e, name)), $"{actual} vs {S(e, name)}");
        if (Has("postmortemDate"))
            yield return C("postmortemDate", a.PostmortemDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) == S(e, "postmortemDate"), $"{a.PostmortemDate} vs {S(e, "postmortemDate")}");
        foreach (var (name, actual) in new[] { ("summary", a.Summary), ("impact", a.Impact), ("detection", a.Detection), ("trigger", a.Trigger), ("resolution", a.Resolution) })
            if (Has(name)) yield return C(name, SameProse(actual, S(e, name)!), $"'{Shorten(actual)}' vs '{Shorten(S(e, name))}'");

        var causes = Words(string.Join(" ", a.RootCauses));
        foreach (var cause in L("rootCauses"))
            yield return C($"rootCauses '{Middle(cause)}'", causes.Contains(Middle(cause), StringComparison.Ordinal), $"in [{string.Join(" | ", a.RootCauses.Select(Shorten))}]");
        var factors = Words(string.Join(" ", a.ContributingFactors));
        foreach (var factor in L("contributingFactors"))
            yield return C($"contributingFactors '{Middle(factor)}'", factors.Contains(Middle(factor), StringComparison.Ordinal), $"in [{string.Join(" | ", a.ContributingFactors.Select(Shorten))}]");

        if (e.TryGetProperty("timeline", out var timeline))
        {
            var expected = timeline.EnumerateArray().ToList();
            foreach (var t in expected)
            {
                var start = Words(S(t, "textStartsWith")!);
                var entry = a.Timeline.FirstOrDefault(x => Words(x.Text).StartsWith(start, StringComparison.Ordinal))
                    ?? a.Timeline.FirstOrDefault(x => Words(x.Text).Contains(start, StringComparison.Ordinal));
                yield return C($"timeline '{start}'", entry is not null, entry is null ? $"not in [{string.Join(" | ", a.Timeline.Select(x => Shorten(x.Text)))}]" : "");
                if (entry is not null && S(t, "at") is { } at) yield return C($"timeline '{start}' at", SameTime(entry.At, at), $"{entry.At} vs {at}");
            }
            yield return C("timeline count", a.Timeline.Count == expected.Count, $"{a.Timeline.Count} vs {expected.Count}");
        }

        if (e.TryGetProperty("actionItems", out var items))
        {
            var expected = items.EnumerateArray().ToList();
            foreach (var item in expected)
            {
                var start = Words(S(item, "textStartsWith")!);
                var match = a.ActionItems.FirstOrDefault(x => Words(x.Text).StartsWith(start, StringComparison.Ordinal))
                    ?? a.ActionItems.FirstOrDefault(x => Words(x.Text).Contains(start, StringComparison.Ordinal));
                var label = $"actionItems '{string.Join(' ', start.Split(' ').Take(4))}'";
                yield return C(label, match is not null, match is null ? $"not in [{string.Join(" | ", a.ActionItems.Select(x => Shorten(x.Text)))}]" : "");
                if (match is null) continue;
                if (item.TryGetProperty("owner", out _)) yield return C(label + " owner", Words(match.Owner ?? "") == Words(S(item, "owner") ?? ""), $"{match.Owner} vs {S(item, "owner")}");
                if (item.TryGetProperty("due", out _)) yield return C(label + " due", match.Due?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) == S(item, "due"), $"{match.Due} vs {S(item, "due")}");
                if (item.TryGetProperty("status", out _)) yield return C(label + " status", match.Status.ToString().Equals(S(item, "status"), StringComparison.OrdinalIgnoreCase), $"{match.Status} vs {S(item, "status")}");
                if (item.TryGetProperty("ticket", out _)) yield return C(label + " ticket", match.Ticket == S(item, "ticket"), $"{match.Ticket} vs {S(item, "ticket")}");
            }
            yield return C("actionItems count", a.ActionItems.Count == expected.Count, $"{a.ActionItems.Count} vs {expected.Count}: [{string.Join(" | ", a.ActionItems.Select(x => Shorten(x.Text)))}]");
        }
    }

    private static bool SameSet(IReadOnlyList<string> actual, List<string> expected) =>
        actual.Select(Words).Distinct().Order(StringComparer.Ordinal).SequenceEqual(expected.Select(Words).Distinct().Order(StringComparer.Ordinal));

    /// <summary>Prose is right when at least 85 % of the truth's words are in it and at least 60 % of its words are the truth's (no swallowed sections).</summary>
    internal static bool SameProse(string? actual, string expected)
    {
        if (actual is null) return false;
        var a = Words(actual).Split(' ');
        var e = Words(expected).Split(' ');
        var inActual = a.ToHashSet(StringComparer.Ordinal);
        var inExpected = e.ToHashSet(StringComparer.Ordinal);
        var recall = (double)e.Count(inActual.Contains) / e.Length;
        var precision = (double)a.Count(inExpected.Contains) / a.Length;
        return recall >= 0.85 && precision >= 0.6;
    }

    private static string Shorten(string? text) => text is null ? "(none)" : text.Length <= 70 ? text.ReplaceLineEndings(" ") : text[..67].ReplaceLineEndings(" ") + "...";

    /// <summary>Per-kind and total figures, for the test output.</summary>
    public static IEnumerable<string> Report(List<Check> checks)
    {
        foreach (var miss in checks.Where(c => !c.Right)) yield return $"MISS {miss.File} / {miss.Field}: {miss.Detail}";
        foreach (var group in checks.GroupBy(c => c.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
            yield return $"{group.Key}: {group.Count(c => c.Right)}/{group.Count()}";
        foreach (var group in checks.GroupBy(c => c.File.Split('/')[0]).OrderBy(g => g.Key, StringComparer.Ordinal))
            yield return $"[{group.Key}] {group.Count(c => c.Right)}/{group.Count()}";
        yield return $"all: {checks.Count(c => c.Right)}/{checks.Count} = {Rate(checks):P1}";
    }

    public static double Rate(List<Check> checks) => checks.Count == 0 ? 0 : (double)checks.Count(c => c.Right) / checks.Count;
}
