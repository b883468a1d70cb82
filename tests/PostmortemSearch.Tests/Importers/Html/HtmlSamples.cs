using PostmortemSearch.Importers;

namespace PostmortemSearch.Tests.Importers.Html;

/// <summary>The real sample exports under <c>../shared/samples</c>, read in place.</summary>
internal static class HtmlSamples
{
    private static readonly Lazy<string> SamplesRoot = new(() =>
    {
        // ../shared/samples next to the repository root; a git worktree sits one level deeper, so keep walking up.
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PostmortemSearch.sln"))) dir = dir.Parent;
        for (dir = dir?.Parent; dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "shared", "samples")))
                return Path.Combine(dir.FullName, "shared", "samples");
        throw new InvalidOperationException("shared/samples not found above the folder holding PostmortemSearch.sln, from " + AppContext.BaseDirectory);
    });

    public static SourceFile Load(string folder, string name)
    {
        var path = Path.Combine(SamplesRoot.Value, folder, name);
        return new SourceFile(path, File.ReadAllBytes(path));
    }

    public static SourceFile Inline(string fileName, string text) => new(fileName, System.Text.Encoding.UTF8.GetBytes(text));
}
