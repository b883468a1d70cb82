using System.CommandLine;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Analytics;

namespace PostmortemSearch.Cli;

/// <summary>
/// <c>pmsearch action-items [--overdue] [--format md|csv|json]</c>: the outstanding action-item report, grouped by owner and
/// team, oldest due first — for a daily cron job that posts to chat. Tickets link through $PMSEARCH_TICKET_URL.
/// </summary>
internal static class ActionItemsCommand
{
    public static Command Create(CliContext context)
    {
        var overdue = new Option<bool>("--overdue") { Description = "only overdue items (same as --status overdue)" };
        var status = new Option<string?>("--status") { Description = "open (not done), overdue, done or all (default open)" };
        status.AcceptOnlyFromAmong([.. ActionItemQuery.Statuses, "all"]);
        var owner = new Option<string?>("--owner") { Description = "only this owner's items" };
        var format = new Option<string>("--format") { Description = "md, csv or json", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "csv", "json");
        var ticketUrl = new Option<string?>("--ticket-url") { Description = "link tickets through this template, e.g. https://jira.example.com/browse/{key} (default $PMSEARCH_TICKET_URL)" };
        var output = new Option<string?>("--out") { Description = "write to FILE instead of stdout" };
        var filters = new DashboardOptions();
        var command = new Command("action-items", "Outstanding action items by owner and team, oldest due first (md, csv or json)") { overdue, status, owner, format, ticketUrl, output };
        filters.AddTo(command);
        command.SetAction(parse =>
        {
            if (parse.GetValue(overdue) && parse.GetValue(status) is { } s && s != "overdue") throw new UsageException($"--overdue and --status {s} contradict each other");
            var chosen = parse.GetValue(overdue) ? "overdue" : parse.GetValue(status) ?? "open";
            var template = parse.GetValue(ticketUrl) ?? Environment.GetEnvironmentVariable("PMSEARCH_TICKET_URL");
            if (TicketLinks.Problem(template) is { } problem) throw new UsageException(problem);
            var query = new ActionItemQuery(chosen == "all" ? null : chosen, string.IsNullOrWhiteSpace(parse.GetValue(owner)) ? null : parse.GetValue(owner)!.Trim(), filters.Read(parse));
            using var store = context.OpenExistingStore(parse.GetValue(CliApp.DbOption));
            var report = ActionItems.Report(store.All(), query, DateOnly.FromDateTime(context.Time.GetUtcNow().UtcDateTime), new TicketLinks(string.IsNullOrWhiteSpace(template) ? null : template));
            var text = parse.GetValue(format) switch
            {
                "json" => ActionItems.ToJson(report),
                "csv" => ActionItems.ToCsv(report),
                _ => ActionItems.ToMarkdown(report),
            };
            // CSV has no place for it, and a note on stdout would corrupt the file a cron job posts: stderr always.
            if (report.FilterNote is { } note) context.Error.WriteLine($"pmsearch: note: {note}");
            if (parse.GetValue(output) is { } file)
            {
                var path = context.WriteOut(file, text);
                context.Out.WriteLine($"wrote {report.Total} action item(s) to {path}");
            }
            else context.Out.Write(text);
            return ExitCodes.Ok;
        });
        return command;
    }
}
