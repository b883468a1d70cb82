using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Importers;

/// <summary>
/// Every file under ingest-samples/ imported, serialised as indented JSON, must equal its golden file in
/// tests/PostmortemSearch.Tests/Golden/. On a mismatch the actual output is written beside it as *.actual.json;
/// UPDATE_GOLDEN=1 rewrites the goldens.
/// </summary>
public sealed class GoldenTests
{
    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepoPaths.IngestSamples, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(RepoPaths.IngestSamples, file).Replace('\\', '/');
            if (IsInput(relative)) data.Add(relative);
        }
        return data;
    }

    /// <summary>Documents, not the generators, the README or the images inside exports.</summary>
    private static bool IsInput(string relative) =>
        !relative.StartsWith("tools/", StringComparison.Ordinal) && !relative.Equals("README.md", StringComparison.Ordinal)
        && Path.GetExtension(relative) is ".md" or ".html" or ".xml" or ".doc" or ".docx" or ".json" or ".jsonl" or ".zip";

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_imports_as_its_golden_file(string relative)
    {
        var outcomes = new Importer(idRoot: RepoPaths.Root).ReadPaths([Path.Combine(RepoPaths.IngestSamples, relative)], RepoPaths.Root).ToList();
        var actual = string.Join("\n", outcomes.Select(Render)) + "\n";
        var golden = Path.Combine(RepoPaths.Golden, relative + ".json");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(golden)!);
            File.WriteAllText(golden, actual);
            return;
        }
        var actualPath = Path.ChangeExtension(golden, ".actual.json");
        if (!File.Exists(golden) || File.ReadAllText(golden) != actual)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(golden)!);
            File.WriteAllText(actualPath, actual);
            Assert.Fail($"import of ingest-samples/{relative} differs from the golden file.\n  expected: {golden}\n  actual:   {actualPath}\n(UPDATE_GOLDEN=1 dotnet test rewrites the goldens)");
        }
        if (File.Exists(actualPath)) File.Delete(actualPath);
    }

    [Fact]
    public void Every_sample_imports_without_rejection()
    {
        var outcomes = new Importer().ReadPaths([RepoPaths.IngestSamples], RepoPaths.Root)
            .Where(o => IsInput(Path.GetRelativePath(RepoPaths.IngestSamples, Path.Combine(RepoPaths.Root, o.Path.Split('!')[0])).Replace('\\', '/')))
            .ToList();
        Assert.All(outcomes.Where(o => !o.Skipped), o => Assert.True(o.Error is null, $"{o.Path}: {o.Error}"));
        Assert.True(outcomes.Sum(o => o.Postmortems.Count) >= 24);
    }

    private static string Render(FileOutcome outcome)
    {
        if (outcome.Error is not null) return $"// {outcome.Path}: {(!outcome.Skipped ? "rejected: " : outcome.Error.StartsWith("skipped", StringComparison.Ordinal) ? "" : "skipped: ")}{outcome.Error}";
        return string.Join("\n", outcome.Postmortems.Select(p => PostmortemJson.Serialize(p, indented: true)));
    }
}
