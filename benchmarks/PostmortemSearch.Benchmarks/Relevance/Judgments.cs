using System.Globalization;

namespace PostmortemSearch.Benchmarks.Relevance;

/// <summary>One judged query: grades by postmortem title (2 = this incident, 1 = related); shorthand = the vocabulary set.</summary>
public sealed record Judgment(string Query, IReadOnlyDictionary<string, int> Grades, bool Shorthand);

/// <summary>
/// The judged symptom queries (tests/PostmortemSearch.Tests/Data/relevance-queries*.tsv) and nDCG@10 exactly as
/// RelevanceTests computes it: gain 2^g − 1, discount log2(rank + 1), ideal from the judged grades.
/// </summary>
public static class Judgments
{
    public const string PlainFile = "relevance-queries.tsv";
    public const string ShorthandFile = "relevance-queries-vocabulary.tsv";

    /// <summary>Both test files, plain queries first: <c>query TAB title=grade;title=grade…</c>, '#' lines skipped.</summary>
    public static List<Judgment> LoadTestData(string repoRoot)
    {
        var data = Path.Combine(repoRoot, "tests", "PostmortemSearch.Tests", "Data");
        return [.. Parse(File.ReadLines(Path.Combine(data, PlainFile)), shorthand: false),
                .. Parse(File.ReadLines(Path.Combine(data, ShorthandFile)), shorthand: true)];
    }

    public static IEnumerable<Judgment> Parse(IEnumerable<string> lines, bool shorthand)
    {
        foreach (var line in lines)
        {
            if (!line.Contains('\t') || line.StartsWith('#')) continue;
            var parts = line.Split('\t');
            yield return new Judgment(parts[0], ParseGrades(parts[1]), shorthand);
        }
    }

    public static Dictionary<string, int> ParseGrades(string text)
    {
        var grades = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var judgment in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = judgment.LastIndexOf('=');
            grades[judgment[..eq].Trim()] = int.Parse(judgment[(eq + 1)..].Trim(), CultureInfo.InvariantCulture);
        }
        return grades;
    }

    public static string FormatGrades(IReadOnlyDictionary<string, int> grades) =>
        string.Join(';', grades.Select(g => $"{g.Key}={g.Value.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>nDCG@10 of a ranked list of titles (only the first 10 count).</summary>
    public static double NdcgAt10(IEnumerable<string> rankedTitles, IReadOnlyDictionary<string, int> grades)
    {
        var gains = rankedTitles.Take(10).Select(t => grades.GetValueOrDefault(t)).ToList();
        var ideal = grades.Values.OrderDescending().Take(10).ToList();
        return Dcg(gains) / Dcg(ideal);
    }

    private static double Dcg(IReadOnlyList<int> gains) =>
        gains.Select((g, i) => (Math.Pow(2, g) - 1) / Math.Log2(i + 2)).Sum();

    /// <summary>The folder holding PostmortemSearch.sln, searched upwards from the working directory.</summary>
    public static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(Directory.GetCurrentDirectory());
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PostmortemSearch.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("PostmortemSearch.sln not found above the working directory; pass --root DIR");
    }
}
