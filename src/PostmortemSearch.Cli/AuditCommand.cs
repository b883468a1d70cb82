using System.CommandLine;
using System.Globalization;

namespace PostmortemSearch.Cli;

/// <summary><c>pmsearch audit</c>: who imported or deleted what and when, newest first, with the postmortem ids each touched.</summary>
internal static class AuditCommand
{
    /// <summary>Touched postmortems listed per entry in text; a bulk import touches thousands, which --json lists.</summary>
    private const int ShownPerEntry = 20;

    public static Command Create(CliContext context)
    {
        var limit = new Option<int>("--limit") { Description = "entries to show (1-1000)", DefaultValueFactory = _ => 20 };
        var action = new Option<string?>("--action") { Description = "only import or delete entries" };
        action.AcceptOnlyFromAmong("import", "delete");
        var json = new Option<bool>("--json") { Description = "print [{seq, at, actor, action, detail, postmortemIds, touched}] as GET /api/audit" };
        var command = new Command("audit", "The audit log: imports and deletes with their actor, time and the postmortems they touched") { limit, action, json };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(limit);
            if (n is < 1 or > 1000) throw new UsageException("--limit must be between 1 and 1000");
            using var store = context.OpenExistingStore(parse.GetValue(CliApp.DbOption));
            var trail = store.AuditTrail(n, parse.GetValue(action));
            if (parse.GetValue(json))
            {
                CliJson.Write(context.Out, trail);
                return ExitCodes.Ok;
            }
            foreach (var record in trail)
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"#{record.Seq}  {record.At:yyyy-MM-dd HH:mm:ss}Z  {record.Actor}  {record.Action}  {record.Detail}"));
                var changed = record.Touched.Where(t => t.Status != "unchanged").ToList();
                foreach (var touch in changed.Take(ShownPerEntry))
                    context.Out.WriteLine($"    {touch.Status,-9} {touch.PostmortemId ?? "-"}  {touch.Path}{(touch.Error is null ? "" : $": {touch.Error}")}");
                if (changed.Count > ShownPerEntry) context.Out.WriteLine($"    … {changed.Count - ShownPerEntry} more (--json lists every one)");
                var unchanged = record.Touched.Count(t => t.Status == "unchanged");
                if (unchanged > 0) context.Out.WriteLine($"    ({unchanged} unchanged)");
            }
            context.Out.WriteLine($"{trail.Count} entr{(trail.Count == 1 ? "y" : "ies")}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
