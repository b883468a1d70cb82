using System.Text.RegularExpressions;

namespace PostmortemSearch.Importers.Extraction;

/// <summary>The schema fields a "Key: value" pair (table row, front matter, labelled line) can set.</summary>
internal enum MetaField
{
    None, Title, Severity, Services, Teams, Authors, CoAuthors, Owner, PostmortemOwner, Participants, Status, IncidentStart, DetectedAt, MitigatedAt, ResolvedAt,
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
        (R(@"^(co-?authors?|co-?written by|additional authors?|contributors?)$"), MetaField.CoAuthors),
        // "Incident review authors", "COE authors", "Written up by": any key that ends in the authors.
        (R(@"^([\p{L}\-]+ ){1,3}authors?$|^written up by$|^(drafted|compiled|authored) by$"), MetaField.Authors),
        (R(@"^(owner|owners|postmortem owners?|document owners?|report owners?|review owners?|postmortem authors? and owners?)$"), MetaField.PostmortemOwner),
        (R(@"^(incident owner|incident commander|ic|incident lead|dri|eoc|imoc|engineer on call|incident manager)$"), MetaField.Owner),
        (R(@"^(participants?|attendees?|attendance|in attendance|present|people|people involved|persons involved|names of people involved|who was involved|involved|responders?|incident responders?|response team|incident team|(postmortem|post-mortem|review|meeting|retro|retrospective|incident) (attendees|participants))$"), MetaField.Participants),
        (R(@"^(status|postmortem status|report status|document status|review status|state)$"), MetaField.Status),
        (R(@"^(start|start time|started|start date/?time|start_time|starttime|incident start|incident start time|impact start|began|begin|outage start|time started|start date|date/?time of incident|incident began|start of impact|impact started|impact began|first impact|outage began|start of incident|start of outage)$"), MetaField.IncidentStart),
        (R(@"^(detected|detected at|detection time|time detected|first alert|alerted|alert fired|paged at|date and time detected|detected on|first detected|alerted at|time of detection)$"), MetaField.DetectedAt),
        (R(@"^(mitigated|mitigated at|mitigation time|time mitigated|impact mitigated)$"), MetaField.MitigatedAt),
        (R(@"^(end|end time|ended|end date/?time|end_time|endtime|resolved|resolved at|resolution time|time resolved|incident end|incident end time|impact end|recovered|recovered at|outage end|closed at|end date|date resolved|incident resolved|end of impact|impact ended|all clear|end of incident|end of outage|fully resolved)$"), MetaField.ResolvedAt),
        (R(@"^(postmortem date|post-?mortem date|date of postmortem|review date|report date|postmortem written|date written|written on|written|write-up date|published|publication date|pir date|retro date|retrospective date|postmortem meeting|date of report|source published at|published at|report published|coe date|rca date|pir date|document date|review meeting|postmortem review|review held|reviewed on|review meeting held|postmortem held|retro held|date of review|reviewed)$"), MetaField.PostmortemDate),
        // "Incident review date", "Blameless retro meeting date": a date key whose words name the write-up or its review.
        (R(@"^([\p{L}\-]+ ){0,3}(review|reviewed|post-?mortem|retro|retrospective|coe|pir|rca|report|write-?up|debrief)( meeting| session)? (date|held|on)$"), MetaField.PostmortemDate),
        (R(@"^(date|incident date|date of incident|day|when|occurred|occurred on|date of occurrence|event date|incident|incident dates?)$"), MetaField.IncidentDate),
        // Question-form keys (GitLab's Question | Answer tables): "When was the incident detected?".
        (R(@"^when (was|were) (the )?(incident|issue|outage|problem|event|it|impact) (first )?(detected|noticed|discovered|reported|identified|alerted)$"), MetaField.DetectedAt),
        (R(@"^when did (the )?(incident|issue|outage|problem|event|it|impact) (start|begin)$"), MetaField.IncidentStart),
        (R(@"^when (was|were) (the )?(incident|issue|outage|problem|event|it|impact) mitigated$"), MetaField.MitigatedAt),
        (R(@"^when (was|were) (the )?(incident|issue|outage|problem|event|it) (resolved|fixed|closed)$|^when did (the )?(incident|issue|outage|impact|it) end$"), MetaField.ResolvedAt),
        // "Minutes downtime or degradation: 96": the key names the unit of a bare number (MetadataCollector adds it).
        (R(@"^(minutes|mins|hours) (of )?(downtime|degradation|outage|impact|disruption)( or (downtime|degradation|disruption))?$"), MetaField.Duration),
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
        (R(@"^(autor|autorin|autoren|auteur|auteurs|autores?|rédigé par|redige par|écrit par|redactado por|escrito por|verfasst von|erstellt von)$"), MetaField.Authors),
        (R(@"^(services concernés|services impactés|services affectés|servicios|servicios afectados|servicios impactados|betroffene services)$"), MetaField.Services),
        (R(@"^(date de (la )?revue|date du post-?mortem|date de rédaction|fecha de (la )?revisión|fecha del informe|revisado el|datum (der )?(nachbesprechung|überprüfung|review))$"), MetaField.PostmortemDate),
        (R(@"^(début de l['’]incident|début de l['’]impact|début de la panne|inicio del incidente|inicio del impacto|beginn des vorfalls)$"), MetaField.IncidentStart),
        (R(@"^(détection|detección|erkennung)$"), MetaField.Detection),
        (R(@"^(atténuation|mitigación|eindämmung)$"), MetaField.Resolution),
        (R(@"^(résolution|resolución|fin de l['’]incident|fin del incidente|behebung)$"), MetaField.Resolution),
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
        // "Fecha / Date", "Autores / Authors": a key written in two languages is the first of its halves that is known.
        if (k.Contains(" / ", StringComparison.Ordinal))
            foreach (var half in k.Split(" / "))
                if (half != k && Classify(half) is not MetaField.None and var known) return known;
        return MetaField.None;
    }

    /// <summary>
    /// The field of a pair, given its value: a content key whose whole value is one date or time ("Detection | 08:58",
    /// "Mitigation: 10:05", "Résolution | 12/02/2026 10:25" in a milestones table) names the milestone, not its prose.
    /// </summary>
    public static MetaField Classify(string key, string value)
    {
        var field = Classify(key);
        if (field is not (MetaField.Detection or MetaField.Resolution) || !IsOnlyATime(value)) return field;
        if (field == MetaField.Detection) return MetaField.DetectedAt;
        return Mitigation().IsMatch(Normalize(key)) ? MetaField.MitigatedAt : MetaField.ResolvedAt;
    }

    private static bool IsOnlyATime(string value) =>
        DateTimeText.ReadLeading(value) is { Time: not null } m && value.Trim().Length - m.Length <= 3;

    [GeneratedRegex(@"mitig|atténu|eindämm", RegexOptions.IgnoreCase)]
    private static partial Regex Mitigation();

    /// <summary>Lowercase, single-spaced, without "(s)" plural markers and without a trailing "(UTC)"-style zone.</summary>
    public static string Normalize(string key)
    {
        var k = key.Trim().Trim('*', '_', ':', '?', ' ', '\u00A0').Replace('_', ' ').Trim();
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
