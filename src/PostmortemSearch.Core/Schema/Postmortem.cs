using System.Text.Json.Serialization;

namespace PostmortemSearch.Core.Schema;

/// <summary>One postmortem in the project's single structured schema. <c>null</c> means "the document did not say"; lists are never null.</summary>
public sealed record Postmortem
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required SourceInfo Source { get; init; }
    public string? Status { get; init; }
    /// <summary>Normalised <c>SEV1</c>..<c>SEV5</c>; the text as written is in <see cref="SeverityRaw"/>.</summary>
    public string? Severity { get; init; }
    public string? SeverityRaw { get; init; }
    public IReadOnlyList<string> Services { get; init; } = [];
    public IReadOnlyList<string> Teams { get; init; } = [];
    public IReadOnlyList<string> Authors { get; init; } = [];
    public string? Owner { get; init; }
    /// <summary>Who took part (attendees, participants, responders) as the document lists them; stored rows from before this field read as empty.</summary>
    public IReadOnlyList<string> Participants { get; init; } = [];
    public Timestamp? IncidentStart { get; init; }
    public Timestamp? DetectedAt { get; init; }
    public Timestamp? MitigatedAt { get; init; }
    public Timestamp? ResolvedAt { get; init; }
    public DateOnly? PostmortemDate { get; init; }
    public TimeSpan? Duration { get; init; }
    public string? Summary { get; init; }
    public string? Impact { get; init; }
    public string? Detection { get; init; }
    public string? Trigger { get; init; }
    public IReadOnlyList<string> RootCauses { get; init; } = [];
    public IReadOnlyList<string> ContributingFactors { get; init; } = [];
    public string? Resolution { get; init; }
    public IReadOnlyList<TimelineEntry> Timeline { get; init; } = [];
    public IReadOnlyList<ActionItem> ActionItems { get; init; } = [];
    public Lessons Lessons { get; init; } = Lessons.Empty;
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>Visible only to callers with the <c>restricted</c> scope.</summary>
    public bool Restricted { get; init; }
    /// <summary>Key/value metadata the document carried that has no field of its own (e.g. company, product).</summary>
    public IReadOnlyList<MetadataEntry> Metadata { get; init; } = [];
    /// <summary>Every section of the document, mapped to a field or not: nothing is dropped.</summary>
    public IReadOnlyList<Section> Sections { get; init; } = [];
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];
}

/// <summary>Where a postmortem came from. <see cref="ContentHash"/> decides whether a re-import is an update.</summary>
public sealed record SourceInfo
{
    /// <summary>One of <see cref="SourceKinds"/>.</summary>
    public required string Kind { get; init; }
    public required string Path { get; init; }
    public string? PageId { get; init; }
    public string ContentHash { get; init; } = "";
    /// <summary>Set by the store when saved; absent from golden files.</summary>
    public DateTimeOffset? ImportedAt { get; init; }
}

/// <summary>The source kinds the readers produce.</summary>
public static class SourceKinds
{
    public const string ConfluenceHtml = "confluence-html";
    public const string ConfluenceXml = "confluence-xml";
    public const string ConfluenceWord = "confluence-word";
    public const string GoogleDocsHtml = "gdocs-html";
    public const string GoogleDocsJson = "gdocs-json";
    public const string Docx = "docx";
    public const string Markdown = "markdown";
    public const string JsonLines = "jsonl";

    /// <summary>
    /// The tool a kind is an export of, whose page ids name one page however it was exported: a Confluence page is the
    /// same page as an HTML export, in <c>entities.xml</c> or as a Word file; a Google Doc the same as HTML or API JSON.
    /// </summary>
    public static string Family(string kind) => kind switch
    {
        ConfluenceHtml or ConfluenceXml or ConfluenceWord => "confluence",
        GoogleDocsHtml or GoogleDocsJson => "gdocs",
        _ => kind,
    };
}

public sealed record TimelineEntry(Timestamp? At, string AtText, string Text);

[JsonConverter(typeof(JsonStringEnumConverter<ActionStatus>))]
public enum ActionStatus
{
    [JsonStringEnumMemberName("unknown")] Unknown,
    [JsonStringEnumMemberName("open")] Open,
    [JsonStringEnumMemberName("done")] Done,
}

public sealed record ActionItem
{
    public required string Text { get; init; }
    public string? Owner { get; init; }
    public DateOnly? Due { get; init; }
    public ActionStatus Status { get; init; } = ActionStatus.Unknown;
    public string? Ticket { get; init; }
    public string? Priority { get; init; }
    /// <summary>prevent / mitigate / detect / process… as the document classified it.</summary>
    public string? Kind { get; init; }
}

public sealed record Lessons
{
    public static readonly Lessons Empty = new();
    public IReadOnlyList<string> WentWell { get; init; } = [];
    public IReadOnlyList<string> WentWrong { get; init; } = [];
    public IReadOnlyList<string> GotLucky { get; init; } = [];
}

/// <summary>A section as the document headed it; <see cref="Field"/> names the schema field it fed, if any.</summary>
public sealed record Section(string Heading, string? Field, string Text);

public sealed record MetadataEntry(string Key, string Value);

[JsonConverter(typeof(JsonStringEnumConverter<DiagnosticSeverity>))]
public enum DiagnosticSeverity
{
    [JsonStringEnumMemberName("info")] Info,
    [JsonStringEnumMemberName("warning")] Warning,
    [JsonStringEnumMemberName("error")] Error,
}

public sealed record Diagnostic(DiagnosticSeverity Severity, string Message);
