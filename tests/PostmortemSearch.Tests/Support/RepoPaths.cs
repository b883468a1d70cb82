namespace PostmortemSearch.Tests.Support;

/// <summary>Where the repository, the shared samples and the golden files are, found from the test binary.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Samples => Path.Combine(Root, "..", "shared", "samples");
    public static string IngestSamples => Path.Combine(Root, "ingest-samples");
    public static string TestData => Path.Combine(Root, "tests", "PostmortemSearch.Tests", "Data");
    public static string Golden => Path.Combine(Root, "tests", "PostmortemSearch.Tests", "Golden");

    public static string Sample(params string[] parts) => Path.GetFullPath(Path.Combine([Samples, .. parts]));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PostmortemSearch.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("PostmortemSearch.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temporary folder removed when disposed.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pmsearch-tests", Guid.NewGuid().ToString("N")[..12]);

    public TempDirectory() => Directory.CreateDirectory(Path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string content)
    {
        var full = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content);
        return full;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
