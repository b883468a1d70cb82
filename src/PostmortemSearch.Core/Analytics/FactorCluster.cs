namespace PostmortemSearch.Core.Analytics;

/// <summary>Factor statements with the same meaning across postmortems.</summary>
public sealed record FactorCluster
{
    /// <summary>Stable id: the taxonomy category ("cert-expiry") or <c>c-</c> + a hash of the cluster's first statement key.</summary>
    public required string Id { get; init; }
    public required string Label { get; init; }
    public IReadOnlyList<string> Terms { get; init; } = [];
    /// <summary>Google SRE Workbook category (binary push, config push, …) when one fits.</summary>
    public string? Category { get; init; }
    /// <summary>The taxonomy category (or curated category) the cluster is, if any.</summary>
    public string? Concept { get; init; }
    /// <summary>Found by clustering statements no category claimed: a cause the taxonomy lacks, or a one-off.</summary>
    public bool Discovered { get; init; }
    /// <summary>Marked "not a cause" by curation: kept, but not counted as a recurring cause.</summary>
    public bool NotACause { get; init; }
    public IReadOnlyList<FactorStatement> Statements { get; init; } = [];
    /// <summary>Distinct postmortem ids, oldest incident first (undated last).</summary>
    public IReadOnlyList<string> IncidentIds { get; init; } = [];
    public DateOnly? FirstSeen { get; init; }
    public DateOnly? LastSeen { get; init; }
    /// <summary>Recurring incidents / dated incidents of the cluster (window 365 days unless configured); null when none is dated.</summary>
    public double? RecurrenceRate { get; init; }
    public int RecurringIncidents { get; init; }
}

/// <summary>The clusters, and for every input statement (same order) the id of its cluster.</summary>
public sealed record FactorClustering(IReadOnlyList<FactorCluster> Clusters, IReadOnlyList<string> StatementClusterIds);

/// <summary>Knobs of <see cref="FactorClusterer"/>; defaults chosen on the team's own test sets (never on a blind set before its first score).</summary>
public sealed record FactorClustererOptions
{
    public int Seed { get; init; } = 42;
    /// <summary>A statement whose most probable category is below this probability stays unassigned and is clustered.</summary>
    public float Confidence { get; init; } = 0.25f;
    /// <summary>Weight of a curated statement against a taxonomy example (1) when training.</summary>
    public float CuratedExampleWeight { get; init; } = 3f;
    public float L2Regularization { get; init; } = 0.01f;
    /// <summary>Share of the embedding cosine in the combined similarity (the rest is TF-IDF cosine).</summary>
    public float EmbeddingWeight { get; init; } = 0.5f;
    /// <summary>The discovery cut: mean + this many standard deviations of the pairwise similarity.</summary>
    public double ThresholdDeviations { get; init; } = 2.0;
    public float MinimumThreshold { get; init; } = 0.2f;
    public float MaximumThreshold { get; init; } = 0.9f;
    /// <summary>Sentences of one entry are classified and clustered together.</summary>
    public bool ReadEntriesTogether { get; init; } = true;
    public int RecurrenceWindowDays { get; init; } = Recurrence.DefaultWindowDays;
}
