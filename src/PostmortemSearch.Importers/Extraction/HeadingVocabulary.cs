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
        (R(@"^(what|things that) went (wrong|badly|poorly)|^what could (have )?(gone|go|be done) better|^opportunities for improvement|^what didn.?t work|^challenges|^negatives?$|^what could be improved|^what didn.?t go (so |too |that |very )?well|^what (can|could|should) (be|have been) (improved|done better)|^areas? (for|of) improvement|^improvement areas|^where (can|could|should) we (improve|do better)|^what went (less|not so) well"), SectionField.WentWrong),
        (R(@"^lessons? (learn(ed|t))|^learnings|^takeaways|^key takeaways|^retrospective$"), SectionField.Lessons),
        (R(@"^contributing (factors?|conditions?|causes?)|^process breakdowns?|^contributing conditions analysis|^factors$|^other factors|^causal factors?|^contributors$|^contributing$|^(other )?(things|factors) that made (it|this|things|the (incident|outage)) worse|^what made (it|this|things) worse|^(aggravating|exacerbating) (factors|conditions)|^what (else )?contributed|^what made (it|this|things) (worse|possible)"), SectionField.ContributingFactors),
        (R(@"^triggers?\b|^triggering|^what triggered|^trigger event|^initiating event|^lead-? ?up$"), SectionField.Trigger),
        (R(@"^root ?causes?( analysis)?(\b|$)(?! and mitigation)|^(rca|5 whys|five whys)\b|^cause( of (the )?(incident|outage))?$|^causes$|^what caused|^why did (it|this) happen|^why (it|this) (happened|occurred)|^how (it|this) happened|^technical (cause|analysis)|^findings$|^fault$|^why$|^whys$|^the five whys|^blameless root cause|^(primary|underlying|technical|main|probable|likely|proximate|direct|immediate|fundamental) (root )?causes?"), SectionField.RootCauses),
        (R(@"^root cause and mitigation"), SectionField.RootCauses),
        (R(@"^(incident |detailed )?timeline|^chronology|^sequence of events|^chain of events|^timeline of events|^event log|^incident log"), SectionField.Timeline),
        (R(@"^(action items?|actions? items?)|^follow[ -]?ups?|^corrective (and preventa?tive )?(actions?|measures)|^next steps|^remediation (items|actions|plan|tickets|tasks)|^(follow[ -]?up |jira )?tickets$|^preven(ta)?tive (actions?|measures|steps)|^(postmortem|post-?mortem|pir|incident|open|remaining) action items?|^action plan|^tasks$|^todo|^to do$|^recommendations?$|^improvements$|^followup actions|^what happens next|^what we (will|are going to|'ll) do|^what we.?re doing( about it)?|^what we are doing( about it)?|^what we will change"), SectionField.ActionItems),
        (R(@"^(resolution|mitigation|recovery|resolution and recovery|mitigation (&|and) resolution|resolution (&|and) recovery|how (was it|we|it was) (fixed|resolved|mitigated)|fix$|the fix|actions? taken|response|remediation$|mitigation steps|repair|recovery and resolution|what (steps|actions) (were|was) taken to (remediate|mitigate|resolve|fix|recover))"), SectionField.Resolution),
        (R(@"^(detection|how (was|were) (it|we|the (incident|event|issue|outage|problem|failure)) (detected|noticed|discovered|alerted)|how did we (find out|notice)|how we (found out|noticed)|monitoring( and alerting)?$|alerting$|discovery)"), SectionField.Detection),
        (R(@"^((customer|user|end user|business|service|infrastructure|productivity|financial) )?impact( summary| assessment| on customers| (&|and) (metrics|severity|scope|duration|reach))?$|^who was (impacted|affected)|^(user-facing |observed )?symptoms$|^summary of impact|^affected (users|customers|services)|^blast radius|^who was affected|^scope$|^what (was|were) the ((customer|user|business) )?impacts?$|^how did (this|the (incident|outage)|it) (impact|affect) (customers|users)|^how many (customers|users|projects|people)( were)? (affected|impacted)$"), SectionField.Impact),
        (R(@"^((executive|incident|issue|event) )?summary$|^overview$|^tl;? ?dr|^in (short|brief)$|^short version$|^abstract$|^what happened|^(incident |outage )?description$|^incident overview|^synopsis|^problem( statement| description| summary)?$|^issue( description)?$|^description of (the )?(incident|issue|event|outage|problem)|^summary of (the )?(events?|incident)"), SectionField.Summary),
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
        (R(@"^(date|dates|authors?|owners?|status|report status|severity|incident severity|start date/?time|end date/?time|duration|incident timing|incident details|incident information|metadata|details|key information|document information|properties|page properties|incident metadata|postmortem details|names of people involved|attendees|postmortem attendees|people involved|participants|responders|incident responders|who was involved|attendance|in attendance|(review|meeting|retro|retrospective|incident|postmortem) (attendees|participants)|teilnehmer|beteiligte|participantes|asistentes|services affected|affected services|services)$"), SectionField.Metadata),
    ];

    private static Regex R(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>
    /// Key phrases that name a field wherever they stand in a heading ("Key lessons learned", "Incident timeline (UTC)",
    /// "Our root cause analysis"), tried only when no rule above matched the heading's start. Ordered from the most
    /// specific phrase to the most general, so "Contributing factors to the root cause" stays contributing factors.
    /// </summary>
    private static readonly (Regex Pattern, SectionField Field)[] Phrases =
    [
        (R(@"\bcontributing (factors?|conditions?|causes?)\b|\bcausal factors?\b"), SectionField.ContributingFactors),
        (R(@"\broot ?causes?\b|\b5 whys\b|\bfive whys\b"), SectionField.RootCauses),
        (R(@"\btrigger(ing)? event\b"), SectionField.Trigger),
        (R(@"\btimeline\b|\bchronology\b|\bsequence of events\b"), SectionField.Timeline),
        (R(@"\baction items?\b|\bfollow[ -]?up (actions|items|tasks)\b|\b(corrective|preven(ta)?tive|remediation) (actions|items|measures)\b"), SectionField.ActionItems),
        (R(@"\blessons? learn"), SectionField.Lessons),
        (R(@"\bwent (well|right)\b"), SectionField.WentWell),
        (R(@"\bwent (wrong|badly|poorly)\b|\bdidn.?t go (so )?well\b"), SectionField.WentWrong),
        (R(@"\bgot lucky\b"), SectionField.GotLucky),
        (R(@"\bimpact\b"), SectionField.Impact),
        (R(@"\bdetection\b"), SectionField.Detection),
        (R(@"\b(resolution|mitigation)\b"), SectionField.Resolution),
        (R(@"\bsummary\b"), SectionField.Summary),
    ];

    /// <summary>Maps a heading to the field it feeds; <see cref="SectionField.None"/> when it is none of the known ones.</summary>
    public static SectionField Classify(string heading)
    {
        var normal = Normalize(heading);
        if (normal.Length == 0) return SectionField.None;
        foreach (var (pattern, field) in Rules)
            if (pattern.IsMatch(normal)) return field;
        // A long heading is a sentence, not a section name: no key-phrase guesses there.
        if (normal.Length > 60 || normal.Split(' ').Length > 6) return SectionField.None;
        foreach (var (pattern, field) in Phrases)
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

    [GeneratedRegex(@"^(\d+(\.\d+)*[.)]?|[IVX]+[.)]|[A-Z][.)]|(section|part|step) \d+[.:]?)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex Numbering();

    [GeneratedRegex(@"[^\p{L}\p{N}&/;' -]+")]
    private static partial Regex NonWord();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
