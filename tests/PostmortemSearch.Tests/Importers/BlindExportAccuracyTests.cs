using System.Globalization;
using System.Text.Json;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Support;
using static PostmortemSearch.Tests.Support.FieldText;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Importers;

/// <summary>
/// Field accuracy on Data/blind-exports: 8 exports (3 Confluence space-export pages, 3 Google Docs HTML, 2 Word) written,
/// with their truth files, by someone who had not seen the importer or its tests, after studying the real exports in
/// ../shared/samples. Fields: title, severity, services, start, resolved, every timeline entry (time and words), root
/// cause, every contributing factor, every action item (found, owner, due, status, ticket).
/// </summary>
public sealed class BlindExportAccuracyTests(ITestOutputHelper output)
{
    private static readonly string Folder = Path.Combine(RepoPaths.TestData, "blind-exports");

    private sealed record Check(string File, string Field, bool Right, string Detail);

    [Fact]
    public void Fields_of_unseen_exports_are_read_right()
    {
        var checks = new List<Check>();
        foreach (var truthFile in Directory.GetFiles(Folder, "*.truth.json").Order(StringComparer.Ordinal))
        {
            var file = truthFile[..^".truth.json".Length];
            var outcome = Assert.Single(new Importer().ReadPaths([file], RepoPaths.Root));
            var truth = JsonDocument.Parse(File.ReadAllText(truthFile)).RootElement;
            checks.AddRange(Compare(truth, (outcome.Postmortems.Count > 0 ? outcome.Postmortems[0] : null), Path.GetFileName(file), outcome.Error));
        }
        foreach (var miss in checks.Where(c => !c.Right)) output.WriteLine($"MISS {miss.File} / {miss.Field}: {miss.Detail}");
        foreach (var group in checks.GroupBy(c => Path.GetExtension(c.File)))
            output.WriteLine($"{group.Key}: {group.Count(c => c.Right)}/{group.Count()}");
        var rate = (double)checks.Count(c => c.Right) / checks.Count;
        output.WriteLine($"all: {checks.Count(c => c.Right)}/{checks.Count} = {rate:P1}");
        Assert.True(rate >= Floor, $"field accuracy {rate:P1} on the blind exports is under {Floor:P0}; see the output for each miss");
    }

    /// <summary>First score, before any fix made with these files in view: 205/230 = 89.1 %; after: 228/230. The floor guards the fixes.</summary>
    private const double Floor = 0.97;

    private static IEnumerable<Check> Compare(JsonElement e, Postmortem? a, string file, string? error)
    {
        Check C(string field, bool right, string detail) => new(file, field, right, detail);
        string? S(JsonElement el, string name) => el.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (a is null)
        {
            yield return C("imported", false, error ?? "no postmortem");
            yield break;
        }
        yield return C("title", Words(a.Title) == Words(S(e, "title")!), $"'{a.Title}' vs '{S(e, "title")}'");
        yield return C("severity", a.Severity == S(e, "severity"), $"{a.Severity} vs {S(e, "severity")}");
        var services = e.GetProperty("services").EnumerateArray().Select(s => s.GetString()!.ToLowerInvariant()).Order().ToList();
        yield return C("services", services.SequenceEqual(a.Services.Select(s => s.ToLowerInvariant()).Order()), $"[{string.Join(",", a.Services)}] vs [{string.Join(",", services)}]");
        yield return C("incidentStart", SameTime(a.IncidentStart, S(e, "incidentStart")), $"{a.IncidentStart} vs {S(e, "incidentStart")}");
        yield return C("resolvedAt", SameTime(a.ResolvedAt, S(e, "resolvedAt")), $"{a.ResolvedAt} vs {S(e, "resolvedAt")}");
        foreach (var t in e.GetProperty("timeline").EnumerateArray())
        {
            var at = S(t, "at");
            var words = Words(S(t, "text")!);
            var key = words[..Math.Min(40, words.Length)];
            var found = a.Timeline.Any(x => Words(x.Text).Contains(key, StringComparison.Ordinal) && (at is null || SameTime(x.At, at)));
            yield return C($"timeline {at}", found, $"'{S(t, "text")}' in [{string.Join(" | ", a.Timeline.Select(x => $"{x.At} {x.Text}"))}]");
        }
        var causes = Words(string.Join(" ", a.RootCauses.Append(a.Trigger ?? "")));
        yield return C("rootCause", causes.Contains(Middle(S(e, "rootCause")!), StringComparison.Ordinal), $"'{S(e, "rootCause")}' in [{string.Join(" | ", a.RootCauses)}]");
        var factors = Words(string.Join(" ", a.ContributingFactors));
        foreach (var f in e.GetProperty("contributingFactors").EnumerateArray().Select(x => x.GetString()!))
            yield return C($"factor '{Middle(f)}'", factors.Contains(Middle(f), StringComparison.Ordinal), $"in [{string.Join(" | ", a.ContributingFactors)}]");
        foreach (var item in e.GetProperty("actionItems").EnumerateArray())
        {
            var text = Words(S(item, "text")!);
            var prefix = string.Join(' ', text.Split(' ').Take(4));
            var match = a.ActionItems.FirstOrDefault(x => Words(x.Text).Contains(prefix, StringComparison.Ordinal));
            if (match is null)
            {
                yield return C($"action '{prefix}'", false, "not found in [" + string.Join(" | ", a.ActionItems.Select(x => x.Text)) + "]");
                continue;
            }
            yield return C($"action '{prefix}' owner", Words(match.Owner ?? "") == Words(S(item, "owner") ?? ""), $"{match.Owner} vs {S(item, "owner")}");
            yield return C($"action '{prefix}' due", match.Due?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) == S(item, "due"), $"{match.Due} vs {S(item, "due")}");
            yield return C($"action '{prefix}' status", match.Status.ToString().Equals(S(item, "status"), StringComparison.OrdinalIgnoreCase), $"{match.Status} vs {S(item, "status")}");
            yield return C($"action '{prefix}' ticket", match.Ticket == S(item, "ticket"), $"{match.Ticket} vs {S(item, "ticket")}");
        }
    }
}
