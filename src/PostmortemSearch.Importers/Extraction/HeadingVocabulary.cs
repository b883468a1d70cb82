using System.Text.RegularExpressions;

namespace PostmortemSearch.Importers.Extraction;

/// <summary>The schema fields a section heading can feed.</summary>
internal enum SectionField
{
    None, Summary, Impact, Detection, Trigger, RootCauses, ContributingFactors, Resolution, Timeline, ActionItems,
    Lessons, WentWell, WentWrong, GotLucky, Metadata,
}

/// <summary>
/// Heading synonyms of the common templates (Google SRE book, PagerDuty, Atlassian, AWS COE, GitLab, Etsy Morgue,
/// SANS incident reports) mapped to fields. Order matters: the first pattern that matches wins.
/// </summary>
internal static partial class HeadingVocabulary
{
    private static readonly (Regex Pattern, SectionField Field)[] Rules =
    [
        (R(@"^(what|where)( did)? we (got|get) lucky|^got lucky|^lucky|^where (did )?we get lucky"), SectionField.GotLucky),
        (R(@"^(what|things that) went (well|right)|^successes|^what worked|^what went well\??$|^positives?$"), SectionField.WentWell),
        (R(@"^(what|things that) went (wrong|badly|poorly)|^what could (have )?(gone|go|be done) better|^opportunities for improvement|^what didn.?t work|^challenges|^negatives?$|^what could be improved"), SectionField.WentWrong),
        (R(@"^lessons? (learn(ed|t))|^learnings|^takeaways|^key takeaways|^retrospective$"), SectionField.Lessons),
        (R(@"^contributing (factors?|conditions?|causes?)|^process breakdowns?|^contributing conditions analysis|^factors$|^other factors"), SectionField.ContributingFactors),
        (R(@"^triggers?\b|^what triggered|^trigger event|^initiating event|^lead-? ?up$"), SectionField.Trigger),
        (R(@"^root ?causes?( analysis)?(\b|$)(?! and mitigation)|^(rca|5 whys|five whys)\b|^cause( of (the )?(incident|outage))?$|^causes$|^what caused|^why did (it|this) happen|^technical (cause|analysis)|^findings$|^fault$|^why$|^whys$|^the five whys|^blameless root cause"), SectionField.RootCauses),
        (R(@"^root cause and mitigation"), SectionField.RootCauses),
        (R(@"^(incident |detailed )?timeline|^chronology|^sequence of events|^chain of events|^timeline of events|^event log|^incident log"), SectionField.Timeline),
        (R(@"^(action items?|actions? items?)|^follow[ -]?ups?|^corrective (and preventa?tive )?(actions?|measures)|^next steps|^remediation (items|actions|plan|tickets|tasks)|^(follow[ -]?up |jira )?tickets$|^preventa?tive (actions|measures)|^action plan|^tasks$|^todo|^to do$|^recommendations?$|^improvements$|^followup actions"), SectionField.ActionItems),
        (R(@"^(resolution|mitigation|recovery|resolution and recovery|mitigation (&|and) resolution|resolution (&|and) recovery|how (was it|we) (fixed|resolved|mitigated)|fix$|the fix|actions? taken|response|remediation$|mitigation steps|repair|recovery and resolution)"), SectionField.Resolution),
        (R(@"^(detection|how (was it|we|was the incident) (detected|noticed|discovered)|how did we (find out|notice)|how we (found out|noticed)|monitoring( and alerting)?$|alerting$|discovery)"), SectionField.Detection),
        (R(@"^((customer|user|end user|business|service|infrastructure|productivity|financial) )?impact( summary| assessment| on customers)?$|^summary of impact|^affected (users|customers|services)|^blast radius|^who was affected|^scope$"), SectionField.Impact),
        (R(@"^((executive|incident|issue|event) )?summary$|^overview$|^tl;? ?dr|^abstract$|^what happened|^(incident |outage )?description$|^incident overview|^synopsis"), SectionField.Summary),
        // German, French and Spanish templates.
        (R(@"^(was gut lief|was lief gut|ce qui a bien fonctionné|lo que salió bien)"), SectionField.WentWell),
        (R(@"^(was schlecht lief|was lief schlecht|was nicht gut lief|ce qui a mal fonctionné|lo que salió mal)"), SectionField.WentWrong),
        (R(@"^(wo wir glück hatten|glück gehabt|où nous avons eu de la chance|dónde tuvimos suerte)"), SectionField.GotLucky),
        (R(@"^(erkenntnisse|lehren|lessons|leçons apprises|lecciones aprendidas)$"), SectionField.Lessons),
        (R(@"^(beitragende faktoren|mitwirkende faktoren|facteurs contributifs|factores contribuyentes)$"), SectionField.ContributingFactors),
        (R(@"^(auslöser|déclencheur|desencadenante)$"), SectionField.Trigger),
        (R(@"^(ursache|ursachen|grundursache|hauptursache|cause racine|causes?( profondes?)?|causa raíz|causas?)$"), SectionField.RootCauses),
        (R(@"^(zeitablauf|zeitleiste|chronologie|zeitlicher ablauf|cronología|línea de tiempo)$"), SectionField.Timeline),
        (R(@"^(maßnahmen|massnahmen|folgemaßnahmen|aktionspunkte|actions correctives|actions|acciones|acciones correctivas)$"), SectionField.ActionItems),
        (R(@"^(lösung|behebung|wiederherstellung|résolution|resolución|mitigación)$"), SectionField.Resolution),
        (R(@"^(erkennung|entdeckung|détection|detección)$"), SectionField.Detection),
        (R(@"^(auswirkungen?|impact client|impacto)$"), SectionField.Impact),
        (R(@"^(zusammenfassung|résumé|resumen)$"), SectionField.Summary),
        (R(@"^(date|dates|authors?|owners?|status|report status|severity|incident severity|start date/?time|end date/?time|duration|incident timing|incident details|incident information|metadata|details|key information|document information|properties|page properties|incident metadata|postmortem details|names of people involved|attendees|postmortem attendees|people involved|participants|services affected|affected services|services)$"), SectionField.Metadata),
    ];

    private static Regex R(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>Maps a heading to the field it feeds; <see cref="SectionField.None"/> when it is none of the known ones.</summary>
    public static SectionField Classify(string heading)
    {
        var normal = Normalize(heading);
        if (normal.Length == 0) return SectionField.None;
        foreach (var (pattern, field) in Rules)
            if (pattern.IsMatch(normal)) return field;
        return SectionField.None;
    }

    /// <summary>Lowercase, without numbering ("2.1"), "(s)", trailing colons and emoji.</summary>
    public static string Normalize(string heading)
    {
        var s = heading.Trim();
        s = Numbering().Replace(s, "");
        s = s.Replace("(s)", "s", StringComparison.OrdinalIgnoreCase).Replace("’", "'", StringComparison.Ordinal);
        s = NonWord().Replace(s, " ");
        s = s.Trim().TrimEnd(':', '?', '.', ' ').Trim();
        return Spaces().Replace(s, " ").ToLowerInvariant();
    }

    /// <summary>The schema field name a section fed (for <c>sections[].field</c>).</summary>
    public static string? FieldName(SectionField field) => field switch
    {
        SectionField.Summary => "summary",
        SectionField.Impact => "impact",
        SectionField.Detection => "detection",
        SectionField.Trigger => "trigger",
        SectionField.RootCauses => "rootCauses",
        SectionField.ContributingFactors => "contributingFactors",
        SectionField.Resolution => "resolution",
        SectionField.Timeline => "timeline",
        SectionField.ActionItems => "actionItems",
        SectionField.Lessons => "lessons",
        SectionField.WentWell => "lessons.wentWell",
        SectionField.WentWrong => "lessons.wentWrong",
        SectionField.GotLucky => "lessons.gotLucky",
        SectionField.Metadata => "metadata",
        _ => null,
    };

    [GeneratedRegex(@"^(\d+(\.\d+)*\.?|[IVX]+\.|[A-Z]\.)\s+")]
    private static partial Regex Numbering();

    [GeneratedRegex(@"[^\p{L}\p{N}&/;' -]+")]
    private static partial Regex NonWord();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
