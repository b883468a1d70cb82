using PostmortemSearch.Importers;

namespace PostmortemSearch.Tests.Importers.Word.Support;

/// <summary>The shared sample files, read in place from <c>shared/samples/…</c> beside the repository root.</summary>
public static class Samples
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PostmortemSearch.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("PostmortemSearch.sln not found above " + AppContext.BaseDirectory);
    });

    // The main checkout sits next to shared/ (../shared/samples); a worktree sits one level deeper
    // (/work/wt/<name>), so the nearest ancestor holding shared/samples wins.
    private static readonly Lazy<string> SamplesRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(Root.Value).Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "samples");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException("shared/samples not found above " + Root.Value);
    });

    public static string PathOf(string folder, string name) => Path.Combine(SamplesRoot.Value, folder, name);

    public static SourceFile Load(string folder, string name)
    {
        var path = PathOf(folder, name);
        return new SourceFile(path, File.ReadAllBytes(path));
    }
}
