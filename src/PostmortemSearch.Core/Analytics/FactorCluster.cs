namespace PostmortemSearch.Core.Analytics;

/// <summary>Factor statements with the same meaning across postmortems.</summary>
public sealed record FactorCluster
{
    /// <summary>Stable id: the cause concept ("cert-expiry") or <c>c-</c> + a hash of the top terms.</summary>
    public required string Id { get; init; }
    public required string Label { get; init; }
    public IReadOnlyList<string> Terms { get; init; } = [];
    /// <summary>Google SRE Workbook category (binary push, config push, …) when one fits.</summary>
    public string? Category { get; init; }
    /// <summary>The lexicon concept the cluster was built around, if any.</summary>
    public string? Concept { get; init; }
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

/// <summary>Knobs of <see cref="FactorClusterer"/>; the defaults were tuned on the paraphrase test set.</summary>
public sealed record FactorClustererOptions
{
    public int Seed { get; init; } = 42;
    /// <summary>Average-linkage cut (cosine) for statements no lexicon concept recognised.</summary>
    public float MergeThreshold { get; init; } = 0.45f;
    /// <summary>A cluster of unrecognised statements joins a concept cluster when its centroid is at least this close.</summary>
    public float JoinThreshold { get; init; } = 0.5f;
    /// <summary>Merge statements by lexicon concept first (the strongest evidence of meaning).</summary>
    public bool UseLexicon { get; init; } = true;
    /// <summary>A statement that would be a cluster of one joins the concept most of its own postmortem's statements have.</summary>
    public bool UseIncidentContext { get; init; } = true;
    public int LsaRank { get; init; } = 48;
    public int RecurrenceWindowDays { get; init; } = Recurrence.DefaultWindowDays;
}
