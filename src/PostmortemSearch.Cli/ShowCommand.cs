using System.CommandLine;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Cli;

/// <summary><c>pmsearch show ID</c>: one postmortem, readable or as JSON.</summary>
internal static class ShowCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "postmortem id (pm-…)" };
        var json = new Option<bool>("--json") { Description = "print the postmortem as JSON" };
        var command = new Command("show", "Show one postmortem") { id, json };
        command.SetAction(parse =>
        {
            using var store = context.OpenExistingStore(parse.GetValue(CliApp.DbOption));
            var postmortem = store.Get(parse.GetValue(id)!);
            if (postmortem is null)
            {
                context.Error.WriteLine($"pmsearch: no postmortem with id '{parse.GetValue(id)}'");
                return ExitCodes.Partial;
            }
            if (parse.GetValue(json)) context.Out.WriteLine(PostmortemJson.Serialize(postmortem, indented: true));
            else Print(context.Out, postmortem);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(TextWriter o, Postmortem p)
    {
        o.WriteLine($"{p.Title}  [{p.Id}]");
        o.WriteLine($"  severity: {p.Severity ?? "-"}   services: {Join(p.Services)}   status: {p.Status ?? "-"}");
        o.WriteLine($"  start: {p.IncidentStart?.ToString() ?? "-"}   resolved: {p.ResolvedAt?.ToString() ?? "-"}   duration: {p.Duration?.ToString() ?? "-"}   postmortem: {p.PostmortemDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "-"}");
        o.WriteLine($"  source: {p.Source.Kind} {p.Source.Path}");
        Block(o, "Summary", p.Summary);
        Block(o, "Impact", p.Impact);
        Block(o, "Trigger", p.Trigger);
        List(o, "Root causes", p.RootCauses);
        List(o, "Contributing factors", p.ContributingFactors);
        Block(o, "Resolution", p.Resolution);
        List(o, "Timeline", p.Timeline.Select(t => $"{t.At?.ToString() ?? t.AtText}  {t.Text}"));
        List(o, "Action items", p.ActionItems.Select(a => $"[{a.Status.ToString().ToLowerInvariant()}] {a.Text}" +
            (a.Owner is null ? "" : $" (owner {a.Owner})") + (a.Due is null ? "" : $" due {a.Due:yyyy-MM-dd}") + (a.Ticket is null ? "" : $" {a.Ticket}")));
        List(o, "Diagnostics", p.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Info).Select(d => d.Message));
    }

    private static string Join(IReadOnlyList<string> items) => items.Count == 0 ? "-" : string.Join(", ", items);

    private static void Block(TextWriter o, string heading, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return;
        o.WriteLine();
        o.WriteLine(heading);
        foreach (var line in text.Split('\n')) o.WriteLine("  " + line);
    }

    private static void List(TextWriter o, string heading, IEnumerable<string> items)
    {
        var list = items.ToList();
        if (list.Count == 0) return;
        o.WriteLine();
        o.WriteLine(heading);
        foreach (var item in list) o.WriteLine("  - " + item);
    }
}
