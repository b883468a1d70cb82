using System.Diagnostics;
using System.Text.Json;

namespace PostmortemSearch.Tests.Robustness;

/// <summary>
/// The robustness tests run alone (not beside other test classes): they measure allocation and time, start child
/// processes and the machine has two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Robustness";
}

/// <summary>Sizes and budgets shared by the robustness tests; PMSEARCH_STRESS=1 runs the full-size versions.</summary>
internal static class Robust
{
    public static bool Stress { get; } = Environment.GetEnvironmentVariable("PMSEARCH_STRESS") == "1";

    /// <summary><paramref name="normal"/> by default, <paramref name="stress"/> when PMSEARCH_STRESS=1.</summary>
    public static int Size(int normal, int stress) => Stress ? stress : normal;

    /// <summary>Bytes allocated (all threads) and wall time while <paramref name="action"/> runs.</summary>
    public static (T Result, long AllocatedBytes, TimeSpan Elapsed) Measure<T>(Func<T> action)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var result = action();
        watch.Stop();
        return (result, GC.GetTotalAllocatedBytes(precise: true) - before, watch.Elapsed);
    }

    public static string Mb(long bytes) => $"{bytes / (1024.0 * 1024.0):0.0} MB";

    /// <summary>
    /// Export lines after a hostile import must be the lines before plus only the postmortems the report says were
    /// imported: nothing previously stored changed or vanished.
    /// </summary>
    public static void AssertOnlyAdditions(string before, string after, IEnumerable<string> importedIds)
    {
        var beforeLines = Lines(before);
        var afterLines = Lines(after);
        Assert.Empty(beforeLines.Except(afterLines, StringComparer.Ordinal));
        var added = afterLines.Except(beforeLines, StringComparer.Ordinal)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!)
            .Order(StringComparer.Ordinal);
        Assert.Equal(importedIds.Order(StringComparer.Ordinal), added);
    }

    private static HashSet<string> Lines(string export) =>
        new(export.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);

    /// <summary>Every expected row is present with an allowed status; a rejection's error names the problem.</summary>
    public static void AssertRows(IReadOnlyList<JsonElement> rows, IEnumerable<ExpectedRow> expected)
    {
        foreach (var want in expected)
        {
            var row = rows.FirstOrDefault(r => r.GetProperty("path").GetString()!.Contains(want.PathContains, StringComparison.Ordinal));
            Assert.True(row.ValueKind == JsonValueKind.Object, $"no row for '{want.PathContains}' in {JsonSerializer.Serialize(rows)}");
            var status = row.GetProperty("status").GetString();
            Assert.True(want.Statuses.Contains(status), $"'{want.PathContains}' was {status}, expected {string.Join("/", want.Statuses)}: {row}");
            if (status == "rejected")
            {
                var error = row.GetProperty("error").GetString() ?? "";
                Assert.True(want.ErrorMentions.Length == 0 || want.ErrorMentions.Any(m => error.Contains(m, StringComparison.OrdinalIgnoreCase)),
                    $"the error for '{want.PathContains}' does not name the problem ({string.Join(" | ", want.ErrorMentions)}): {error}");
                Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
            }
        }
        foreach (var row in rows)
            Assert.True(row.GetProperty("status").GetString() is "imported" or "updated" or "unchanged" or "rejected" or "skipped", row.ToString());
    }

    public static IEnumerable<string> ImportedIds(IEnumerable<JsonElement> rows) =>
        rows.Where(r => r.GetProperty("status").GetString() == "imported").Select(r => r.GetProperty("id").GetString()!);
}
