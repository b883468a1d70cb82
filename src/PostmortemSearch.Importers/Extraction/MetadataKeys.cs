using System.Text.RegularExpressions;

namespace PostmortemSearch.Importers.Extraction;

/// <summary>The schema fields a "Key: value" pair (table row, front matter, labelled line) can set.</summary>
internal enum MetaField
{
    None, Title, Severity, Services, Teams, Authors, Owner, PostmortemOwner, Participants, Status, IncidentStart, DetectedAt, MitigatedAt, ResolvedAt,
    PostmortemDate, IncidentDate, Duration, Restricted, Tags, Timezone,
    // content fields that are sometimes written as "Root cause: …" lines
    Summary, Impact, Detection, Trigger, RootCause, Resolution,
}

internal static partial class MetadataKeys
{
    private static readonly (Regex Pattern, MetaField Field)[] Rules =
    [
        (R(@"^(title|incident title|name|incident name|subject)$"), MetaField.Title),
        (R(@"^(severity|sev|incident severity|severity level|impact level|priority|incident priority|level|classification level)$"), MetaField.Severity),
        (R(@"^(services?|affected services?|services? affected|impacted services?|services impacted|systems? affected|affected systems?|components?|affected components?|product|products|system|systems|application|applications|service\(s\))$"), MetaField.Services),
        (R(@"^(teams?|owning teams?|responsible teams?|teams involved|team\(s\)|team attribution)$"), MetaField.Teams),
        (R(@"^(authors?|written by|prepared by|postmortem authors?|report authors?|author\(s\)|handler|editors?)$"), MetaField.Authors),
        (R(@"^(owner|owners|postmortem owners?|document owners?|report owners?|review owners?|postmortem authors? and owners?)$"), MetaField.PostmortemOwner),
        (R(@"^(incident owner|incident commander|ic|incident lead|dri)$"), MetaField.Owner),
        (R(@"^(participants?|attendees?|attendance|in attendance|present|people|people involved|persons involved|names of people involved|who was involved|involved|responders?|incident responders?|response team|incident team|(postmortem|post-mortem|review|meeting|retro|retrospective|incident) (attendees|participants))$"), MetaField.Participants),
        (R(@"^(status|postmortem status|report status|document status|review status|state)$"), MetaField.Status),
        (R(@"^(start|start time|started|start date/?time|start_time|starttime|incident start|incident start time|impact start|began|begin|outage start|time started|start date|date/?time of incident|incident began|start of impact|impact started|impact began|first impact|outage began|start of incident|start of outage)$"), MetaField.IncidentStart),
        (R(@"^(detected|detected at|detection time|time detected|first alert|alerted|alert fired|paged at|date and time detected|detected on|first detected|alerted at|time of detection)$"), MetaField.DetectedAt),
        (R(@"^(mitigated|mitigated at|mitigation time|time mitigated|impact mitigated)$"), MetaField.MitigatedAt),
        (R(@"^(end|end time|ended|end date/?time|end_time|endtime|resolved|resolved at|resolution time|time resolved|incident end|incident end time|impact end|recovered|recovered at|outage end|closed at|end date|date resolved|incident resolved|end of impact|impact ended|all clear|end of incident|end of outage|fully resolved)$"), MetaField.ResolvedAt),
        (R(@"^(postmortem date|post-?mortem date|date of postmortem|review date|report date|postmortem written|date written|written on|published|publication date|pir date|retro date|retrospective date|postmortem meeting|date of report|source published at|published at|report published|coe date|rca date|pir date|document date|review meeting|postmortem review|review held|reviewed on|review meeting held|postmortem held|retro held|date of review|reviewed)$"), MetaField.PostmortemDate),
        (R(@"^(date|incident date|date of incident|day|when|occurred|occurred on|date of occurrence|event date|incident|incident dates?)$"), MetaField.IncidentDate),
        (R(@"^(duration|total duration|outage duration|incident duration|length|downtime|time to resolve|ttr|impact duration)$"), MetaField.Duration),
        (R(@"^(restricted|confidential|confidentiality|visibility|classification|access|access level|sensitivity|sensitivity label|data classification|security classification|information classification|document classification|classification level|distribution|tlp|traffic light protocol|handling|marking|protective marking)$"), MetaField.Restricted),
        (R(@"^(tags|labels|categories|category)$"), MetaField.Tags),
        (R(@"^(timezone|time zone|times in|all times in|tz)$"), MetaField.Timezone),
        (R(@"^(summary|executive summary|description|overview)$"), MetaField.Summary),
        (R(@"^(impact|customer impact|user impact)$"), MetaField.Impact),
        (R(@"^(detection|how detected)$"), MetaField.Detection),
        (R(@"^(trigger|triggers)$"), MetaField.Trigger),
        (R(@"^(root cause|root causes|cause)$"), MetaField.RootCause),
        (R(@"^(resolution|mitigation|fix)$"), MetaField.Resolution),
        (R(@"^(schweregrad|schwere|sévérité|gravité|severidad)$"), MetaField.Severity),
        (R(@"^(betroffene dienste|betroffene systeme|dienste|services affectés|servicios afectados)$"), MetaField.Services),
        (R(@"^(autor|autorin|autoren|auteur|auteurs|autores?)$"), MetaField.Authors),
        (R(@"^(beginn|start|début|inicio)$"), MetaField.IncidentStart),
        (R(@"^(erkannt|détecté|detectado)$"), MetaField.DetectedAt),
        (R(@"^(eingedämmt|atténué|mitigado)$"), MetaField.MitigatedAt),
        (R(@"^(behoben|ende|résolu|fin|resuelto)$"), MetaField.ResolvedAt),
        (R(@"^(datum|fecha)$"), MetaField.IncidentDate),
        (R(@"^(verantwortlich|responsable)$"), MetaField.Owner),
        (R(@"^(teilnehmer|teilnehmende|beteiligte|participants|participantes|asistentes)$"), MetaField.Participants),
    ];

    private static Regex R(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    public static MetaField Classify(string key)
    {
        var k = Normalize(key);
        foreach (var (pattern, field) in Rules)
            if (pattern.IsMatch(k)) return field;
        return MetaField.None;
    }

    /// <summary>Lowercase, single-spaced, without "(s)" plural markers and without a trailing "(UTC)"-style zone.</summary>
    public static string Normalize(string key)
    {
        var k = key.Trim().Trim('*', '_', ':', ' ', '\u00A0').Replace('_', ' ').Trim();
        k = Plural().Replace(k, "s");
        if (ZoneSuffix().Match(k) is { Success: true } zone && DateTimeText.ZoneOf(zone.Groups["zone"].Value) is not null) k = k[..zone.Index];
        k = Spaces().Replace(k, " ").Trim();
        return k.ToLowerInvariant();
    }

    /// <summary>The zone a key names for its value ("Start Time (UTC)"): the value's default zone.</summary>
    public static TimeSpan? ZoneOf(string key) =>
        ZoneSuffix().Match(key.Trim().Trim('*', '_', ':', ' ')) is { Success: true } m ? DateTimeText.ZoneOf(m.Groups["zone"].Value) : null;

    [GeneratedRegex(@"\(s\)", RegexOptions.IgnoreCase)]
    private static partial Regex Plural();

    [GeneratedRegex(@"\s*\(\s*(?<zone>[A-Za-z]{1,5}(?:\s?[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})\s*\)$")]
    private static partial Regex ZoneSuffix();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
