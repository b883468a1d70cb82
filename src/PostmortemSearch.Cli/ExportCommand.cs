using System.CommandLine;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Cli;

/// <summary><c>pmsearch export</c>: every postmortem as JSON lines (the backup format <c>import</c> reads back).</summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("export", "Write every postmortem to stdout as JSON lines (camelCase schema)");
        command.SetAction(parse =>
        {
            using var store = context.OpenStore(parse.GetValue(CliApp.DbOption));
            foreach (var postmortem in store.All())
                context.Out.WriteLine(PostmortemJson.Serialize(postmortem with { Source = postmortem.Source with { ImportedAt = null } }));
            // The good rows are exported; the damaged ones are named on stderr and make the exit code 1.
            return context.ReportUnreadable(store) ? ExitCodes.Partial : ExitCodes.Ok;
        });
        return command;
    }
}
