using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PostmortemSearch.Core.Analytics;

/// <summary>Renders a <see cref="QuarterlyReview"/> as JSON (camelCase), Markdown, self-contained HTML (inline CSS and SVG) or CSV (RFC 4180).</summary>
public static class ReviewRenderer
{
    public static readonly JsonSerializerOptions JsonOptions = CreateJsonOptions();

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string ToJson(QuarterlyReview review) => JsonSerializer.Serialize(review, JsonOptions);

    public static string ToMarkdown(QuarterlyReview review)
    {
        ArgumentNullException.ThrowIfNull(review);
        var md = new StringBuilder();
        var prev = review.PreviousQuarter;
        var cur = review.Summary();
        md.Append(Inv($"# Postmortem review {review.Quarter}\n\nAs of {review.AsOf:yyyy-MM-dd}. {review.PostmortemIds.Count} postmortems (previous quarter {prev.Quarter}: {prev.Postmortems}).\n\n"));
        if (review.Filter.Length > 0) md.Append("Filter: ").Append(Cell(review.Filter)).Append(". ").Append(FilterNote).Append("\n\n");
        if (review.FilterNote is { } unmatched) md.Append("> ⚠ ").Append(Cell(unmatched)).Append(".\n\n");
        md.Append("## Figures\n\n| figure | ").Append(review.Quarter).Append(" | ").Append(prev.Quarter).Append(" |\n|---|---|---|\n");
        foreach (var (name, now, before) in Comparison(cur, prev)) md.Append(Inv($"| {name} | {now} | {before} |\n"));
        md.Append("\nRecurrence rate: ").Append(review.RecurrenceDefinition).Append('\n');
        md.Append("\nParticipation: ").Append(ParticipationLine(review.Participation)).Append('\n');
        Warnings(md, cur, "\n> ");

        md.Append("\n## Overdue action items\n\n");
        if (review.ActionItems.OverdueList.Count == 0) md.Append("None.\n");
        else
        {
            md.Append("| postmortem | action item | owner | due |\n|---|---|---|---|\n");
            foreach (var o in review.ActionItems.OverdueList) md.Append(Inv($"| {Cell(o.PostmortemId)} | {Cell(o.Text)} | {Cell(o.Owner ?? "—")} | {o.Due:yyyy-MM-dd} |\n"));
        }

        var gaps = review.ActionItemGaps;
        md.Append(Inv($"\n## Action items lacking an owner, a due date or a ticket\n\nOf {gaps.Total} action items: {gaps.LackingOwner} without an owner, {gaps.LackingDue} without a due date, {gaps.LackingTicket} without a ticket.\n\n"));
        if (gaps.Items.Count > 0)
        {
            md.Append("| postmortem | action item | lacks |\n|---|---|---|\n");
            foreach (var g in gaps.Items) md.Append(Inv($"| {Cell(g.PostmortemId)} | {Cell(g.Text)} | {Lacks(g)} |\n"));
        }

        md.Append("\n## Blameless-language findings\n\n");
        if (review.BlamelessFindings.Count == 0) md.Append("None.\n");
        foreach (var f in review.BlamelessFindings) md.Append(Inv($"- **{Cell(f.PostmortemId)}** ({f.Field}): “{Cell(f.Text)}” in “{Cell(f.Sentence)}” → suggest: “{Cell(f.Suggestion)}”. {f.Advice}\n"));

        md.Append("\n## Template completeness\n\n| postmortem | score | missing |\n|---|---|---|\n");
        foreach (var c in review.Completeness) md.Append(Inv($"| {Cell(c.PostmortemId)} | {Units.Percent(c.Score)} | {Cell(string.Join(", ", c.Missing))} |\n"));

        md.Append("\n## Recurring factor clusters\n\n");
        if (review.Clusters.Count == 0) md.Append("None.\n");
        else
        {
            md.Append("| cluster | category | incidents this quarter | recurring this quarter | incidents overall |\n|---|---|---|---|---|\n");
            foreach (var c in review.Clusters) md.Append(Inv($"| {Cell(c.Label)} (`{c.Id}`) | {Cell(c.Category ?? "—")} | {c.IncidentsInQuarter} | {c.RecurringInQuarter} | {c.IncidentsTotal} |\n"));
        }

        md.Append("\n## Recurrences after remediation\n\n");
        if (review.RecurrencesAfterRemediation.Count == 0) md.Append("None.\n");
        foreach (var r in review.RecurrencesAfterRemediation)
            md.Append(Inv($"- {Cell(r.IncidentId)} ({r.IncidentDate:yyyy-MM-dd}) recurred **{Cell(r.ClusterLabel)}** after all action items of {Cell(r.EarlierIncidentId)} were done\n"));
        return md.ToString();
    }

    /// <summary>What a filtered review's figures are, said next to its filter.</summary>
    internal const string FilterNote = "Every figure counts only these postmortems; a repeat may follow an earlier incident of any service, as on the trends page.";

    public static string ToHtml(QuarterlyReview review)
    {
        ArgumentNullException.ThrowIfNull(review);
        var prev = review.PreviousQuarter;
        var cur = review.Summary();
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Postmortem review ").Append(E(review.Quarter)).Append("</title>\n<style>")
         .Append("body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:960px;color:#1d2430;padding:0 1rem}")
         .Append("h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #dde}")
         .Append("table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #dde;padding:4px 8px;text-align:left;vertical-align:top}")
         .Append("th{background:#f3f5f9}.warn{color:#8a5300;background:#fff6e0;padding:4px 8px;border-radius:4px}.muted{color:#667}")
         .Append("svg text{font:12px system-ui,sans-serif;fill:#1d2430}</style></head><body>\n");
        h.Append(Inv($"<h1>Postmortem review {E(review.Quarter)}</h1>\n<p class=\"muted\">As of {review.AsOf:yyyy-MM-dd} · {review.PostmortemIds.Count} postmortems · previous quarter {E(prev.Quarter)}: {prev.Postmortems}</p>\n"));
        if (review.Filter.Length > 0) h.Append("<p id=\"filter\"><b>Filter: ").Append(E(review.Filter)).Append(".</b> ").Append(E(FilterNote)).Append("</p>\n");
        if (review.FilterNote is { } unmatched) h.Append("<p class=\"warn\" id=\"filter-note\">").Append(E(unmatched)).Append(".</p>\n");
        h.Append("<h2>Figures</h2>\n<table><tr><th>figure</th><th>").Append(E(review.Quarter)).Append("</th><th>").Append(E(prev.Quarter)).Append("</th></tr>\n");
        foreach (var (name, now, before) in Comparison(cur, prev)) h.Append(Inv($"<tr><td>{E(name)}</td><td>{E(now)}</td><td>{E(before)}</td></tr>\n"));
        h.Append("</table>\n");
        h.Append("<p class=\"muted\" id=\"recurrence-definition\">Recurrence rate: ").Append(E(review.RecurrenceDefinition)).Append("</p>\n");
        h.Append("<p class=\"muted\" id=\"participation\">Participation: ").Append(E(ParticipationLine(review.Participation))).Append("</p>\n");
        foreach (var w in new[] { cur.TimeToPostmortemDays.Warning, cur.ActionItems.Warning, cur.RecurrenceRate.Warning }.OfType<string>().Distinct())
            h.Append("<p class=\"warn\">").Append(E(w)).Append("</p>\n");

        h.Append("<h2>Action items</h2>\n").Append(BarChart("Action items by status", [
            ($"done {review.Quarter}", cur.ActionItems.Done, "#3b8f5a"), ($"open {review.Quarter}", cur.ActionItems.Open, "#d08b1c"), ($"overdue {review.Quarter}", cur.ActionItems.Overdue, "#c0392b"),
            ($"done {prev.Quarter}", prev.ActionItems.Done, "#9cc7a9"), ($"open {prev.Quarter}", prev.ActionItems.Open, "#e8c487"), ($"overdue {prev.Quarter}", prev.ActionItems.Overdue, "#e09a92")]));
        h.Append("<h3>Overdue</h3>\n");
        if (review.ActionItems.OverdueList.Count == 0) h.Append("<p>None.</p>\n");
        else
        {
            h.Append("<table><tr><th>postmortem</th><th>action item</th><th>owner</th><th>due</th></tr>\n");
            foreach (var o in review.ActionItems.OverdueList) h.Append(Inv($"<tr><td>{E(o.PostmortemId)}</td><td>{E(o.Text)}</td><td>{E(o.Owner ?? "—")}</td><td>{o.Due:yyyy-MM-dd}</td></tr>\n"));
            h.Append("</table>\n");
        }

        var gaps = review.ActionItemGaps;
        h.Append(Inv($"<h3>Lacking an owner, a due date or a ticket</h3>\n<p>Of {gaps.Total} action items: {gaps.LackingOwner} without an owner, {gaps.LackingDue} without a due date, {gaps.LackingTicket} without a ticket.</p>\n"));
        if (gaps.Items.Count > 0)
        {
            h.Append("<table><tr><th>postmortem</th><th>action item</th><th>lacks</th></tr>\n");
            foreach (var g in gaps.Items) h.Append(Inv($"<tr><td>{E(g.PostmortemId)}</td><td>{E(g.Text)}</td><td>{E(Lacks(g))}</td></tr>\n"));
            h.Append("</table>\n");
        }

        h.Append("<h2>Blameless-language findings</h2>\n");
        if (review.BlamelessFindings.Count == 0) h.Append("<p>None.</p>\n");
        else
        {
            h.Append("<table><tr><th>postmortem</th><th>finding</th><th>suggested rewording</th></tr>\n");
            foreach (var f in review.BlamelessFindings)
                h.Append(Inv($"<tr><td>{E(f.PostmortemId)}</td><td><mark>{E(f.Text)}</mark><br><span class=\"muted\">{E(f.Sentence)}</span></td><td>{E(f.Suggestion)}<br><span class=\"muted\">{E(f.Advice)}</span></td></tr>\n"));
            h.Append("</table>\n");
        }

        h.Append("<h2>Template completeness</h2>\n").Append(BarChart("Completeness per postmortem (%)",
            review.Completeness.Select(c => (c.PostmortemId, (int)Math.Round(c.Score * 100), c.Score >= 0.75 ? "#3b8f5a" : "#d08b1c")).ToList()));
        h.Append("<table><tr><th>postmortem</th><th>score</th><th>missing</th></tr>\n");
        foreach (var c in review.Completeness) h.Append(Inv($"<tr><td>{E(c.PostmortemId)}</td><td>{Units.Percent(c.Score)}</td><td>{E(string.Join(", ", c.Missing))}</td></tr>\n"));
        h.Append("</table>\n");

        h.Append("<h2>Recurring factor clusters</h2>\n");
        if (review.Clusters.Count == 0) h.Append("<p>None.</p>\n");
        else h.Append(BarChart("Incidents this quarter per factor cluster", review.Clusters.Select(c => (c.Label, c.IncidentsInQuarter, "#3c6fb0")).ToList()));

        h.Append("<h2>Recurrences after remediation</h2>\n");
        if (review.RecurrencesAfterRemediation.Count == 0) h.Append("<p>None.</p>\n");
        else
        {
            h.Append("<ul>\n");
            foreach (var r in review.RecurrencesAfterRemediation)
                h.Append(Inv($"<li>{E(r.IncidentId)} ({r.IncidentDate:yyyy-MM-dd}) recurred <b>{E(r.ClusterLabel)}</b> after all action items of {E(r.EarlierIncidentId)} were done</li>\n"));
            h.Append("</ul>\n");
        }
        return h.Append("</body></html>\n").ToString();
    }

    /// <summary>One long table: section, postmortemId, item, value, detail — RFC 4180 quoting, CRLF line ends.</summary>
    public static string ToCsv(QuarterlyReview review)
    {
        ArgumentNullException.ThrowIfNull(review);
        var csv = new StringBuilder();
        void Row(string section, string? postmortemId, string item, string? value, string? detail) =>
            csv.Append(Q(section)).Append(',').Append(Q(postmortemId)).Append(',').Append(Q(item)).Append(',').Append(Q(value)).Append(',').Append(Q(detail)).Append("\r\n");
        Row("section", "postmortemId", "item", "value", "detail");
        if (review.Filter.Length > 0) Row("filter", null, "filter", review.Filter, review.FilterNote ?? FilterNote);
        // One number per cell: a figure with a sample size is two rows ("… median days" 11.5, "… n" 6), so a spreadsheet can add them up.
        foreach (var (name, now, before) in CsvFigures(review.Summary(), review.PreviousQuarter))
        {
            Row("figure", null, name, now, review.Quarter);
            Row("previousQuarter", null, name, before, review.PreviousQuarter.Quarter);
        }
        foreach (var o in review.ActionItems.OverdueList) Row("overdueActionItem", o.PostmortemId, o.Text, o.Due?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), o.Owner);
        foreach (var g in review.ActionItemGaps.Items) Row("actionItemGap", g.PostmortemId, g.Text, Lacks(g), null);
        foreach (var f in review.BlamelessFindings) Row("blamelessFinding", f.PostmortemId, f.Text, f.Sentence, f.Suggestion);
        foreach (var c in review.Completeness) Row("completeness", c.PostmortemId, "completeness", Units.Percent(c.Score), string.Join("; ", c.Missing));
        foreach (var c in review.Clusters) Row("cluster", null, c.Id, c.IncidentsInQuarter.ToString(CultureInfo.InvariantCulture), c.Label);
        foreach (var r in review.RecurrencesAfterRemediation) Row("recurrenceAfterRemediation", r.IncidentId, r.ClusterId, r.IncidentDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.EarlierIncidentId);
        return csv.ToString();
    }

    private static IEnumerable<(string Name, string Now, string Before)> Comparison(QuarterSummary cur, QuarterSummary prev)
    {
        yield return ("postmortems", N(cur.Postmortems), N(prev.Postmortems));
        yield return ("time to postmortem, median days (n)", Dist(cur.TimeToPostmortemDays.Median, cur.TimeToPostmortemDays.N), Dist(prev.TimeToPostmortemDays.Median, prev.TimeToPostmortemDays.N));
        yield return ("time to postmortem, p90 days (n)", Dist(cur.TimeToPostmortemDays.P90, cur.TimeToPostmortemDays.N), Dist(prev.TimeToPostmortemDays.P90, prev.TimeToPostmortemDays.N));
        yield return ("time to detect, median minutes (n)", Dist(cur.TimeToDetectMinutes.Median, cur.TimeToDetectMinutes.N), Dist(prev.TimeToDetectMinutes.Median, prev.TimeToDetectMinutes.N));
        yield return ("time to detect, p90 minutes (n)", Dist(cur.TimeToDetectMinutes.P90, cur.TimeToDetectMinutes.N), Dist(prev.TimeToDetectMinutes.P90, prev.TimeToDetectMinutes.N));
        yield return ("time to resolve, median minutes (n)", Dist(cur.TimeToResolveMinutes.Median, cur.TimeToResolveMinutes.N), Dist(prev.TimeToResolveMinutes.Median, prev.TimeToResolveMinutes.N));
        yield return ("time to resolve, p90 minutes (n)", Dist(cur.TimeToResolveMinutes.P90, cur.TimeToResolveMinutes.N), Dist(prev.TimeToResolveMinutes.P90, prev.TimeToResolveMinutes.N));
        yield return ("action items total", N(cur.ActionItems.Total), N(prev.ActionItems.Total));
        yield return ("action items done", N(cur.ActionItems.Done), N(prev.ActionItems.Done));
        yield return ("action items open", N(cur.ActionItems.Open), N(prev.ActionItems.Open));
        yield return ("action items overdue", N(cur.ActionItems.Overdue), N(prev.ActionItems.Overdue));
        yield return ("blameless findings", N(cur.BlamelessFindings), N(prev.BlamelessFindings));
        yield return ("completeness, median (n)", Units.Percent(cur.CompletenessScore.Median, cur.CompletenessScore.N), Units.Percent(prev.CompletenessScore.Median, prev.CompletenessScore.N));
        yield return ("recurrence rate (n)", Units.Percent(cur.RecurrenceRate.Value, cur.RecurrenceRate.N), Units.Percent(prev.RecurrenceRate.Value, prev.RecurrenceRate.N));
        yield return ("recurrences after remediation", N(cur.RecurrencesAfterRemediation), N(prev.RecurrencesAfterRemediation));
        yield return ("postmortems listing participants", Listing(cur.Participation), Listing(prev.Participation));
        yield return ("participants, median (n)", Dist(cur.Participation.Participants.Median, cur.Participation.Participants.N), Dist(prev.Participation.Participants.Median, prev.Participation.Participants.N));
        yield return ("participants, p90 (n)", Dist(cur.Participation.Participants.P90, cur.Participation.Participants.N), Dist(prev.Participation.Participants.P90, prev.Participation.Participants.N));
    }

    /// <summary>"4 of 6 postmortems list participants: median 5, p90 7.4 (n=4)…" with what the figure leaves out.</summary>
    internal static string ParticipationLine(Participation p) =>
        (p.Listing == 0
            ? Inv($"none of the {p.Postmortems} postmortems lists participants")
            : Inv($"{p.Listing} of {p.Postmortems} postmortems list participants: median {p.Participants.Median:0.##}, p90 {p.Participants.P90:0.##} (n={p.Participants.N})"))
        + "; a postmortem that lists nobody is left out, not counted as zero" + (p.Participants.Warning is { } w ? Inv($" (⚠ {w})") : "") + ".";

    private static string Listing(Participation p) => Inv($"{p.Listing} of {p.Postmortems}");

    private static IEnumerable<(string Name, string? Now, string? Before)> CsvFigures(QuarterSummary cur, QuarterSummary prev)
    {
        static string? V(double? v) => v?.ToString("0.####", CultureInfo.InvariantCulture);
        // Shares as whole percents, as in every other rendered output ("83%" is a number to a spreadsheet too).
        static string? P(double? v) => v is null ? null : Units.Percent(v);
        yield return ("postmortems", N(cur.Postmortems), N(prev.Postmortems));
        yield return ("time to postmortem, median days", V(cur.TimeToPostmortemDays.Median), V(prev.TimeToPostmortemDays.Median));
        yield return ("time to postmortem, p90 days", V(cur.TimeToPostmortemDays.P90), V(prev.TimeToPostmortemDays.P90));
        yield return ("time to postmortem, n", N(cur.TimeToPostmortemDays.N), N(prev.TimeToPostmortemDays.N));
        yield return ("time to detect, median minutes", V(cur.TimeToDetectMinutes.Median), V(prev.TimeToDetectMinutes.Median));
        yield return ("time to detect, p90 minutes", V(cur.TimeToDetectMinutes.P90), V(prev.TimeToDetectMinutes.P90));
        yield return ("time to detect, n", N(cur.TimeToDetectMinutes.N), N(prev.TimeToDetectMinutes.N));
        yield return ("time to resolve, median minutes", V(cur.TimeToResolveMinutes.Median), V(prev.TimeToResolveMinutes.Median));
        yield return ("time to resolve, p90 minutes", V(cur.TimeToResolveMinutes.P90), V(prev.TimeToResolveMinutes.P90));
        yield return ("time to resolve, n", N(cur.TimeToResolveMinutes.N), N(prev.TimeToResolveMinutes.N));
        yield return ("action items total", N(cur.ActionItems.Total), N(prev.ActionItems.Total));
        yield return ("action items done", N(cur.ActionItems.Done), N(prev.ActionItems.Done));
        yield return ("action items open", N(cur.ActionItems.Open), N(prev.ActionItems.Open));
        yield return ("action items overdue", N(cur.ActionItems.Overdue), N(prev.ActionItems.Overdue));
        yield return ("blameless findings", N(cur.BlamelessFindings), N(prev.BlamelessFindings));
        yield return ("completeness, median", P(cur.CompletenessScore.Median), P(prev.CompletenessScore.Median));
        yield return ("completeness, n", N(cur.CompletenessScore.N), N(prev.CompletenessScore.N));
        yield return ("recurrence rate", P(cur.RecurrenceRate.Value), P(prev.RecurrenceRate.Value));
        yield return ("recurrence rate, n", N(cur.RecurrenceRate.N), N(prev.RecurrenceRate.N));
        yield return ("recurrences after remediation", N(cur.RecurrencesAfterRemediation), N(prev.RecurrencesAfterRemediation));
        yield return ("postmortems listing participants", N(cur.Participation.Listing), N(prev.Participation.Listing));
        yield return ("participants, median", V(cur.Participation.Participants.Median), V(prev.Participation.Participants.Median));
        yield return ("participants, p90", V(cur.Participation.Participants.P90), V(prev.Participation.Participants.P90));
        yield return ("participants, n", N(cur.Participation.Participants.N), N(prev.Participation.Participants.N));
    }

    private static void Warnings(StringBuilder md, QuarterSummary cur, string prefix)
    {
        foreach (var w in new[] { cur.TimeToPostmortemDays.Warning, cur.ActionItems.Warning, cur.RecurrenceRate.Warning }.OfType<string>().Distinct())
            md.Append(prefix).Append("⚠ ").Append(w).Append('\n');
    }

    /// <summary>A horizontal bar chart as inline SVG (no scripts, no external resources).</summary>
    internal static string BarChart(string title, IReadOnlyList<(string Label, int Value, string Color)> bars)
    {
        const int labelWidth = 220, barWidth = 480, rowHeight = 22, top = 24;
        var max = Math.Max(1, bars.Count == 0 ? 1 : bars.Max(b => b.Value));
        var height = top + bars.Count * rowHeight + 8;
        var svg = new StringBuilder();
        svg.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{labelWidth + barWidth + 60}\" height=\"{height}\" viewBox=\"0 0 {labelWidth + barWidth + 60} {height}\"><title>{E(title)}</title>"));
        svg.Append(Inv($"<text x=\"0\" y=\"14\" font-weight=\"bold\">{E(title)}</text>"));
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value, color) = bars[i];
            var y = top + i * rowHeight;
            var w = (int)Math.Round((double)value / max * barWidth);
            var shown = label.Length > 32 ? label[..31] + "…" : label;
            svg.Append(Inv($"<text x=\"{labelWidth - 6}\" y=\"{y + 14}\" text-anchor=\"end\">{E(shown)}</text>"));
            svg.Append(Inv($"<rect x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{w}\" height=\"{rowHeight - 6}\" fill=\"{color}\"/>"));
            svg.Append(Inv($"<text x=\"{labelWidth + w + 4}\" y=\"{y + 14}\">{value}</text>"));
        }
        return svg.Append("</svg>\n").ToString();
    }

    private static string Lacks(ActionItemGapEntry g) =>
        string.Join(", ", new[] { (g.MissingOwner, "owner"), (g.MissingDue, "due date"), (g.MissingTicket, "ticket") }.Where(x => x.Item1).Select(x => x.Item2));

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Dist(double? value, int n) => value is { } v ? Inv($"{v:0.##} (n={n})") : Inv($"— (n={n})");

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    /// <summary>
    /// A Markdown table cell or inline text from a document: HTML escaped (Markdown renderers pass raw HTML through, so
    /// a document's <c>&lt;script&gt;</c> or <c>&lt;img onerror&gt;</c> would run where the review is viewed), control
    /// characters dropped, pipes escaped, one line.
    /// </summary>
    private static string Cell(string s)
    {
        var text = new string([.. s.ReplaceLineEndings(" ").Where(c => !char.IsControl(c))]);
        return text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal);
    }

    /// <summary>
    /// One RFC 4180 field. A cell that a spreadsheet would run as a formula (OWASP CSV injection: it starts with
    /// = + - @, a tab or a carriage return) gets a leading apostrophe and is quoted; a plain number such as -3 or 0.25
    /// is no formula and stays as it is.
    /// </summary>
    internal static string Q(string? s)
    {
        if (s is null) return "";
        var formula = s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !PlainNumber(s);
        if (formula) s = "'" + s;
        return formula || s.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
    }

    private static bool PlainNumber(string s) => double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
