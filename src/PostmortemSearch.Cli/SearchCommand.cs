using System.CommandLine;
using System.Net;
using System.Text.RegularExpressions;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Search;

namespace PostmortemSearch.Cli;

/// <summary><c>pmsearch search "QUERY"</c>: ranked past incidents with the passage that matched.</summary>
internal static partial class SearchCommand
{
    public static Command Create(CliContext context)
    {
        var query = new Argument<string>("query") { Description = "symptoms, \"exact phrase\", -excluded, prefix*, service:, team:, severity:, after:, before:, status:, tag:, factor:" };
        var limit = new Option<int>("--limit") { Description = "hits per page (1-100)", DefaultValueFactory = _ => 10 };
        var offset = new Option<int>("--offset") { Description = "hits to skip (pagination)" };
        var json = new Option<bool>("--json") { Description = "print {total, hits, facets, didYouMean?}" };
        var command = new Command("search", "Search postmortems by symptom") { query, limit, offset, json };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(limit);
            if (n is < 1 or > SearchRequest.MaxLimit) throw new UsageException($"--limit must be between 1 and {SearchRequest.MaxLimit}");
            if (parse.GetValue(offset) < 0) throw new UsageException("--offset must not be negative");
            using var catalog = context.OpenCatalog(parse.GetValue(CliApp.DbOption));
            context.ReportUnreadable(catalog.Store);
            var results = catalog.Search(new SearchRequest { Query = parse.GetValue(query) ?? "", Limit = n, Offset = parse.GetValue(offset) }, Caller.Cli);
            if (parse.GetValue(json))
            {
                CliJson.Write(context.Out, results);
                return ExitCodes.Ok;
            }
            if (results.DidYouMean is { } suggestion) context.Out.WriteLine($"Did you mean: {suggestion}");
            context.Out.WriteLine($"{results.Total} match(es)");
            if (results.Semantic is { Complete: false, Mode: var mode } s)
                context.Out.WriteLine($"({mode}: {s.Embedded:N0} of {s.Postmortems:N0} postmortem(s) embedded so far; the rest are found by their words)");
            foreach (var hit in results.Hits)
            {
                context.Out.WriteLine();
                context.Out.WriteLine($"{hit.Score,6:0.00}  {hit.Title}  [{hit.Id}]");
                context.Out.WriteLine($"        {hit.IncidentStart?.ToString()[..10] ?? "----------"}  {hit.Severity ?? "-"}  {string.Join(", ", hit.Services)}");
                context.Out.WriteLine($"        {hit.Section}: {Plain(hit.Snippet)}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The snippet for a terminal: marks become brackets, HTML entities decoded.</summary>
    private static string Plain(string snippet) =>
        WebUtility.HtmlDecode(Marks().Replace(snippet, m => m.Value.StartsWith("</", StringComparison.Ordinal) ? "]" : "[")).Replace("\n", " · ", StringComparison.Ordinal);

    [GeneratedRegex("</?mark>")]
    private static partial Regex Marks();
}

/// <summary><c>pmsearch similar ID</c>: nearest past incidents by content, with what they share.</summary>
internal static class SimilarCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "postmortem id" };
        var limit = new Option<int>("--limit") { Description = "neighbours to show (1-100)", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var command = new Command("similar", "Incidents similar to one postmortem") { id, limit, json };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(limit);
            if (n is < 1 or > 100) throw new UsageException("--limit must be between 1 and 100");
            using var catalog = context.OpenCatalog(parse.GetValue(CliApp.DbOption));
            var hits = catalog.Similar(parse.GetValue(id)!, n, Caller.Cli);
            if (hits is null)
            {
                context.Error.WriteLine($"pmsearch: no postmortem with id '{parse.GetValue(id)}'");
                return ExitCodes.Partial;
            }
            if (parse.GetValue(json))
            {
                CliJson.Write(context.Out, hits);
                return ExitCodes.Ok;
            }
            foreach (var hit in hits)
            {
                context.Out.WriteLine($"{hit.Score,5:0.00}  {hit.Title}  [{hit.Id}]");
                context.Out.WriteLine("       " + string.Join("; ", hit.Reasons));
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
