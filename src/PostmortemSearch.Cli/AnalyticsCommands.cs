using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Analytics;

namespace PostmortemSearch.Cli;

/// <summary><c>pmsearch factors</c>, <c>trends</c> and <c>review</c>: recurring contributing factors and the quarterly meta-review.</summary>
internal static class AnalyticsCommands
{
    public sealed record FactorsJson(IReadOnlyList<FactorCluster> Clusters);

    public static Command Factors(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "print {clusters:[…]}" };
        var command = new Command("factors", "Recurring contributing factors, clustered by meaning") { json };
        command.SetAction(parse =>
        {
            using var catalog = context.OpenCatalog(parse.GetValue(CliApp.DbOption));
            var clusters = catalog.Analytics(Caller.Cli).Clustering.Clusters;
            if (parse.GetValue(json))
            {
                CliJson.Write(context.Out, new FactorsJson(clusters));
                return ExitCodes.Ok;
            }
            foreach (var c in clusters.Where(c => c.IncidentIds.Count > 1))
            {
                context.Out.WriteLine($"{c.Label}  [{c.Id}]  {c.Category ?? ""}");
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"   {c.IncidentIds.Count} incidents, {c.FirstSeen:yyyy-MM-dd} … {c.LastSeen:yyyy-MM-dd}, recurrence rate {Units.Percent(c.RecurrenceRate)}; terms: {string.Join(", ", c.Terms.Take(6))}"));
            }
            context.Out.WriteLine($"{clusters.Count} cluster(s); {clusters.Count(c => c.IncidentIds.Count > 1)} shared by more than one incident (shown)");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command TrendsCommand(CliContext context)
    {
        var by = new Option<string>("--by") { Description = "month or quarter", DefaultValueFactory = _ => "quarter" };
        by.AcceptOnlyFromAmong("month", "quarter");
        var from = new Option<string?>("--from") { Description = "first day: 2025-03-31, or the first day of 2025-03, 2025 or 2025Q1; default: where the data is (far-off outliers left out, and said so)" };
        var to = new Option<string?>("--to") { Description = "last day: 2025-03-31, or the last day of 2025-03, 2025 or 2025Q1; periods stop at the last one with an incident" };
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var filters = new DashboardOptions();
        var command = new Command("trends", "Incidents, recurrence, duration, time to detect / resolve / postmortem and action items per period") { by, from, to, json };
        filters.AddTo(command);
        command.SetAction(parse =>
        {
            var query = new TrendQuery(parse.GetValue(by) == "month" ? TrendPeriod.Month : TrendPeriod.Quarter,
                DashboardOptions.Bound(parse, from, end: false), DashboardOptions.Bound(parse, to, end: true), filters.Read(parse));
            using var catalog = context.OpenCatalog(parse.GetValue(CliApp.DbOption));
            var snapshot = catalog.Analytics(Caller.Cli);
            TrendReport report;
            try
            {
                report = Trends.Report(snapshot.Postmortems, snapshot.Clustering.Clusters, query, catalog.Today);
            }
            catch (TrendRangeException e)
            {
                throw new UsageException($"--{e.Parameter}: {e.Message}");
            }
            if (parse.GetValue(json))
            {
                CliJson.Write(context.Out, report);
                return ExitCodes.Ok;
            }
            PrintTrends(context.Out, report);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void PrintTrends(TextWriter o, TrendReport report)
    {
        if (report.Filter.Length > 0) o.WriteLine($"filter: {report.Filter}");
        if (report.FilterNote is { } unmatched) o.WriteLine($"note: {unmatched}");
        if (report.Span.From is { } f && report.Span.To is { } t) o.WriteLine($"range: {f:yyyy-MM-dd} … {t:yyyy-MM-dd}");
        if (report.Span.Note is { } note) o.WriteLine($"note: {note}");
        o.WriteLine("period    incidents  recurrence  duration min (median/p90/geo)  detect min (median/p90)  resolve min (median/p90)  days to postmortem (median/p90)  actions done/open/overdue");
        foreach (var p in report.Periods)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{p.Period,-9} {p.Incidents.Value,9:0}  {Units.Percent(p.RecurrenceRate.Value),10}  {Num(p.DurationMinutes.Median)}/{Num(p.DurationMinutes.P90)}/{Num(p.DurationMinutes.GeometricMean)} (n={p.DurationMinutes.N})  {Num(p.TimeToDetectMinutes.Median)}/{Num(p.TimeToDetectMinutes.P90)} (n={p.TimeToDetectMinutes.N})  {Num(p.TimeToResolveMinutes.Median)}/{Num(p.TimeToResolveMinutes.P90)} (n={p.TimeToResolveMinutes.N})  {Num(p.TimeToPostmortemDays.Median)}/{Num(p.TimeToPostmortemDays.P90)} (n={p.TimeToPostmortemDays.N})  {p.ActionItems.Done}/{p.ActionItems.Open}/{p.ActionItems.Overdue}{(p.Incidents.Warning is null ? "" : "  ! small n")}"));
        }
        var small = report.Periods.Count(p => p.Incidents.Warning is not null);
        if (small > 0) o.WriteLine($"! small n: {small} of {report.Periods.Count} periods have fewer than {Stats.SmallN} incidents; do not compare them");
    }

    public static Command Review(CliContext context)
    {
        var quarter = new Argument<string>("quarter") { Description = "e.g. 2025Q3" };
        var format = new Option<string>("--format") { Description = "json, md, html or csv", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("json", "md", "html", "csv");
        var output = new Option<string?>("--out") { Description = "write to FILE instead of stdout" };
        var filters = new DashboardOptions();
        var command = new Command("review", "The quarterly meta-review of the postmortem process") { quarter, format, output };
        filters.AddTo(command);
        command.SetAction(parse =>
        {
            var filter = filters.Read(parse);
            var q = parse.GetValue(quarter)!.Trim().ToUpperInvariant();
            if (!QuarterlyReviewFormat.IsQuarter(q)) throw new UsageException($"'{parse.GetValue(quarter)}' is not a quarter; write it like 2025Q3");
            using var catalog = context.OpenCatalog(parse.GetValue(CliApp.DbOption));
            var snapshot = catalog.Analytics(Caller.Cli);
            var review = QuarterlyReview.Build(snapshot.Postmortems, filter, q, catalog.Today, snapshot.Clustering);
            var text = parse.GetValue(format) switch
            {
                "json" => ReviewRenderer.ToJson(review),
                "html" => ReviewRenderer.ToHtml(review),
                "csv" => ReviewRenderer.ToCsv(review),
                _ => ReviewRenderer.ToMarkdown(review),
            };
            if (parse.GetValue(output) is { } file)
            {
                var path = context.WriteOut(file, text);
                context.Out.WriteLine($"wrote the {q} review to {path}");
            }
            else context.Out.Write(text);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Num(double? value) => value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) : "-";

}

/// <summary>Quarter names as users type them: 2025Q3.</summary>
public static class QuarterlyReviewFormat
{
    public static bool IsQuarter(string text) =>
        text.Length == 6 && text[4] == 'Q' && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
        && year is > 1970 and < 2200 && text[5] is >= '1' and <= '4';
}
