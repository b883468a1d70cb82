namespace PostmortemSearch.Importers;

/// <summary>Limits that keep hostile input from exhausting memory or time. Documented in the README.</summary>
public sealed record ImportLimits
{
    /// <summary>Largest single file read (on disk, or expanded from a zip).</summary>
    public long MaxFileBytes { get; init; } = 100L * 1024 * 1024;
    /// <summary>Largest total a zip may expand to.</summary>
    public long MaxZipExpandedBytes { get; init; } = 500L * 1024 * 1024;
    /// <summary>Most entries a zip may hold.</summary>
    public int MaxZipEntries { get; init; } = 10_000;
    /// <summary>Highest compression ratio accepted for an entry larger than 1 MB expanded (zip bombs compress at 1000:1).</summary>
    public double MaxCompressionRatio { get; init; } = 200;
    /// <summary>Most files one import walks in folders.</summary>
    public int MaxFiles { get; init; } = 100_000;

    public static ImportLimits Default { get; } = new();
}
