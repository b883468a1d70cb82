using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Core.Search;

/// <summary>The BM25F fields; each has a weight in <see cref="SearchIndexOptions"/>.</summary>
internal enum SearchField : byte
{
    Title, Summary, Symptoms, Causes, Resolution, Actions, Rest,
}

/// <summary>A piece of indexed text as stored for snippets: which field, and the heading of the section it came from.</summary>
internal sealed record StoredText(SearchField Field, string Heading, string Text);

/// <summary>What the index keeps per document (see <see cref="IndexSchema"/>): filter and facet values, display fields and the text for snippets.</summary>
internal sealed class DocRecord
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public Timestamp? IncidentStart { get; init; }
    public string? Severity { get; init; }
    public IReadOnlyList<string> Services { get; init; } = [];
    /// <summary>Lower-cased for filtering.</summary>
    public string[] ServiceKeys { get; init; } = [];
    /// <summary>Teams, lower-cased for filtering.</summary>
    public string[] TeamKeys { get; init; } = [];
    public string? Status { get; init; }
    public string[] Tags { get; init; } = [];
    public bool Restricted { get; init; }
    /// <summary>IncidentStart's date, else the postmortem date.</summary>
    public DateOnly? Date { get; init; }
    public required StoredText[] Texts { get; init; }
    // Facet keys.
    public string? Year => Date?.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public string? Quarter => Date is { } d ? $"{d.Year}Q{(d.Month - 1) / 3 + 1}" : null;

    public static DocRecord From(Postmortem p)
    {
        var texts = new List<StoredText>();
        void Add(SearchField field, string fieldName, string defaultHeading, string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return;
            texts.Add(new StoredText(field, HeadingOf(p, fieldName, defaultHeading), text));
        }
        texts.Add(new StoredText(SearchField.Title, "Title", p.Title));
        Add(SearchField.Summary, "summary", "Summary", p.Summary);
        Add(SearchField.Symptoms, "impact", "Impact", p.Impact);
        Add(SearchField.Symptoms, "detection", "Detection", p.Detection);
        Add(SearchField.Symptoms, "timeline", "Timeline", Join(p.Timeline.Select(t => string.IsNullOrWhiteSpace(t.AtText) ? t.Text : t.AtText + " " + t.Text)));
        Add(SearchField.Causes, "trigger", "Trigger", p.Trigger);
        Add(SearchField.Causes, "rootCauses", "Root cause", Join(p.RootCauses));
        Add(SearchField.Causes, "contributingFactors", "Contributing factors", Join(p.ContributingFactors));
        Add(SearchField.Resolution, "resolution", "Resolution", p.Resolution);
        Add(SearchField.Actions, "actionItems", "Action items", Join(p.ActionItems.Select(a => a.Text)));
        Add(SearchField.Rest, "lessons", "Lessons learned", Join(p.Lessons.WentWell.Concat(p.Lessons.WentWrong).Concat(p.Lessons.GotLucky)));
        foreach (var section in p.Sections)
            if (section.Field is null) Add(SearchField.Rest, "", section.Heading, section.Text);
        Add(SearchField.Rest, "tags", "Tags", Join(p.Tags));
        Add(SearchField.Rest, "services", "Services", Join(p.Services.Concat(p.Teams)));
        Add(SearchField.Rest, "metadata", "Metadata", Join(p.Metadata.Select(m => m.Value)));

        return new DocRecord
        {
            Id = p.Id,
            Title = p.Title,
            IncidentStart = p.IncidentStart,
            Severity = p.Severity,
            Services = p.Services,
            ServiceKeys = [.. p.Services.Select(s => s.ToLowerInvariant())],
            TeamKeys = [.. p.Teams.Select(t => t.ToLowerInvariant())],
            Status = p.Status?.ToLowerInvariant(),
            Tags = [.. p.Tags.Select(s => s.ToLowerInvariant())],
            Restricted = p.Restricted,
            Date = p.IncidentStart?.Date ?? p.PostmortemDate,
            Texts = [.. texts],
        };
    }

    /// <summary>A plain text document (title + body), indexed like a postmortem whose summary holds the body.</summary>
    public static DocRecord FromText(string id, string title, string body) => new()
    {
        Id = id,
        Title = title,
        Texts = [new StoredText(SearchField.Title, "Title", title), new StoredText(SearchField.Summary, "Summary", body)],
    };

    private static string HeadingOf(Postmortem p, string fieldName, string defaultHeading)
    {
        if (fieldName.Length == 0) return defaultHeading;
        foreach (var s in p.Sections)
            if (string.Equals(s.Field, fieldName, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(s.Heading)) return s.Heading;
        return defaultHeading;
    }

    private static string Join(IEnumerable<string> values) => string.Join('\n', values.Where(v => !string.IsNullOrWhiteSpace(v)));
}
