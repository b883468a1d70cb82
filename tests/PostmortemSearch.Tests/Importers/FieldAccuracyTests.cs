using System.Text.Json;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Support;
using static PostmortemSearch.Tests.Support.FieldText;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Importers;

/// <summary>
/// Field-level accuracy of import over ingest-samples/ against the hand-written truth
/// (tests/PostmortemSearch.Tests/Data/samples-truth.json): title, severity, services, times, timeline,
/// timeline entries (each one's time and text), action items with owner/due/status/ticket, root cause, contributing
/// factors. The target is at least 95 % of fields right.
/// </summary>
public sealed class FieldAccuracyTests(ITestOutputHelper output)
{
    private sealed record Check(string Postmortem, string Field, bool Right, string Detail);

    [Fact]
    public void At_least_95_percent_of_fields_are_right_in_every_source_kind()
    {
        var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.TestData, "samples-truth.json"))).RootElement.GetProperty("postmortems");
        var imported = new Importer().ReadPaths([RepoPaths.IngestSamples], RepoPaths.Root).SelectMany(o => o.Postmortems).ToList();
        var checks = new List<Check>();
        var byFormat = new Dictionary<string, List<Check>>();
        foreach (var expected in truth.EnumerateArray())
        {
            var title = expected.GetProperty("title").GetString()!;
            var format = expected.GetProperty("format").GetString()!;
            var file = expected.GetProperty("file").GetString()!.Split('#')[0];
            var actual = imported.FirstOrDefault(p => p.Source.Path.Contains(file, StringComparison.Ordinal) && p.Title == title)
                ?? imported.FirstOrDefault(p => p.Source.Path.Contains(file, StringComparison.Ordinal) && imported.Count(q => q.Source.Path.Contains(file, StringComparison.Ordinal)) == 1)
                ?? imported.FirstOrDefault(p => p.Title == title);   // JSON lines keep the source of the original document
            var list = Compare(expected, actual, title).ToList();
            checks.AddRange(list);
            if (!byFormat.TryGetValue(format, out var f)) byFormat[format] = f = [];
            f.AddRange(list);
        }
        foreach (var miss in checks.Where(c => !c.Right)) output.WriteLine($"MISS {miss.Postmortem} / {miss.Field}: {miss.Detail}");
        foreach (var (format, list) in byFormat.OrderBy(kv => kv.Key))
            output.WriteLine($"{format}: {list.Count(c => c.Right)}/{list.Count} = {Rate(list):P1}");
        output.WriteLine($"all: {checks.Count(c => c.Right)}/{checks.Count} = {Rate(checks):P1}");
        Assert.True(Rate(checks) >= 0.95, $"field accuracy {Rate(checks):P1} is under 95 %; see the test output for each miss");
        foreach (var (format, list) in byFormat) Assert.True(Rate(list) >= 0.9, $"{format}: field accuracy {Rate(list):P1}");
    }

    private static double Rate(List<Check> checks) => checks.Count == 0 ? 0 : (double)checks.Count(c => c.Right) / checks.Count;

    private static IEnumerable<Check> Compare(JsonElement e, Postmortem? a, string title)
    {
        Check C(string field, bool right, string detail) => new(title, field, right, detail);
        string? S(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (a is null)
        {
            yield return C("found", false, "not imported");
            yield break;
        }
        yield return C("title", a.Title == title, a.Title);
        yield return C("severity", a.Severity == S("severity"), $"{a.Severity} vs {S("severity")}");
        var services = e.GetProperty("services").EnumerateArray().Select(s => s.GetString()!.ToLowerInvariant()).Order().ToList();
        yield return C("services", services.SequenceEqual(a.Services.Select(s => s.ToLowerInvariant()).Order()), $"[{string.Join(",", a.Services)}] vs [{string.Join(",", services)}]");
        foreach (var (name, value) in new[] { ("incidentStart", a.IncidentStart), ("resolvedAt", a.ResolvedAt) })
            yield return C(name, SameTime(value, S(name)), $"{value} vs {S(name)}");
        yield return C("postmortemDate", a.PostmortemDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) == S("postmortemDate"), $"{a.PostmortemDate} vs {S("postmortemDate")}");
        yield return C("restricted", a.Restricted == e.GetProperty("restricted").GetBoolean(), a.Restricted.ToString());
        var timelineCount = e.GetProperty("timelineCount").GetInt32();
        yield return C("timeline", a.Timeline.Count == timelineCount, $"{a.Timeline.Count} vs {timelineCount}");
        if (e.TryGetProperty("timeline", out var timeline))
        {
            // Every entry the document wrote, at its time (local time only when the document gave no zone) and with its words.
            var unzoned = e.TryGetProperty("unzonedTimes", out var u) && u.GetBoolean();
            var missing = timeline.EnumerateArray()
                .Select(t => (At: t.GetProperty("at").GetString()!, Text: t.GetProperty("text").GetString()!))
                .Where(t => !a.Timeline.Any(x => SameEntryTime(x.At, t.At, unzoned) && Words(x.Text).Contains(Words(t.Text)[..Math.Min(40, Words(t.Text).Length)], StringComparison.Ordinal)))
                .ToList();
            yield return C("timeline entries", missing.Count == 0, "missing: " + string.Join(" | ", missing.Select(m => $"{m.At} {m.Text}")) + " in [" + string.Join(" | ", a.Timeline.Select(x => $"{x.At} {x.Text}")) + "]");
        }
        if (e.TryGetProperty("contributingFactors", out var factors) && factors.GetArrayLength() > 0)
        {
            // Factors are bullets, table rows or one prose paragraph depending on the template: each must be among the factors.
            var all = Words(string.Join(" ", a.ContributingFactors));
            var missing = factors.EnumerateArray().Select(f => f.GetString()!).Where(f => !all.Contains(Middle(f), StringComparison.Ordinal)).ToList();
            yield return C("contributingFactors", missing.Count == 0, "missing: " + string.Join(" | ", missing) + " in [" + string.Join(" | ", a.ContributingFactors) + "]");
        }
        var rootCause = S("rootCauseContains");
        if (rootCause is not null)
            yield return C("rootCause", string.Join(" ", a.RootCauses.Concat([a.Trigger ?? ""])).Contains(rootCause, StringComparison.OrdinalIgnoreCase), $"'{rootCause}' not in root causes [{string.Join(" | ", a.RootCauses)}]");
        foreach (var item in e.GetProperty("actionItems").EnumerateArray())
        {
            var prefix = item.GetProperty("textPrefix").GetString()!;
            var match = a.ActionItems.FirstOrDefault(x => x.Text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                ?? a.ActionItems.FirstOrDefault(x => x.Text.Contains(prefix, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                yield return C($"action '{prefix}'", false, "not found in [" + string.Join(" | ", a.ActionItems.Select(x => x.Text)) + "]");
                continue;
            }
            string? I(string name) => item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            yield return C($"action '{prefix}' owner", string.Equals(match.Owner, I("owner"), StringComparison.OrdinalIgnoreCase), $"{match.Owner} vs {I("owner")}");
            yield return C($"action '{prefix}' due", match.Due?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) == I("due"), $"{match.Due} vs {I("due")}");
            yield return C($"action '{prefix}' status", match.Status.ToString().Equals(I("status"), StringComparison.OrdinalIgnoreCase), $"{match.Status} vs {I("status")}");
            yield return C($"action '{prefix}' ticket", match.Ticket == I("ticket"), $"{match.Ticket} vs {I("ticket")}");
        }
    }

    private static bool SameEntryTime(Timestamp? actual, string expected, bool unzoned) =>
        actual is { } a && Timestamp.TryParse(expected, out var t) && a.Local == t.Local && (unzoned || a.Offset == t.Offset);
}
