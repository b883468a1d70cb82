using System.CommandLine;
using System.Globalization;

namespace PostmortemSearch.Cli;

/// <summary><c>pmsearch list</c>: every postmortem, one line each (or JSON).</summary>
internal static class ListCommand
{
    public sealed record Row(string Id, string Title, string? Severity, string? IncidentStart, IReadOnlyList<string> Services, string SourceKind, string SourcePath);

    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "print a JSON array" };
        var command = new Command("list", "List stored postmortems") { json };
        command.SetAction(parse =>
        {
            using var store = context.OpenStore(parse.GetValue(CliApp.DbOption));
            var rows = store.All().Select(p => new Row(p.Id, p.Title, p.Severity, p.IncidentStart?.ToString(), p.Services, p.Source.Kind, p.Source.Path)).ToList();
            var damaged = context.ReportUnreadable(store);
            if (parse.GetValue(json))
            {
                CliJson.Write(context.Out, rows);
                return damaged ? ExitCodes.Partial : ExitCodes.Ok;
            }
            foreach (var r in rows)
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Id}  {r.IncidentStart?[..10] ?? "----------"}  {r.Severity ?? "-",-4}  {r.Title}"));
            context.Out.WriteLine($"{rows.Count} postmortem(s)");
            return damaged ? ExitCodes.Partial : ExitCodes.Ok;
        });
        return command;
    }
}
