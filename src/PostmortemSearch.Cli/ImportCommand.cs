using System.CommandLine;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Importers;
using Spectre.Console;

namespace PostmortemSearch.Cli;

/// <summary><c>pmsearch import PATH...</c>: files, folders (recursive) and zips, in one transaction.</summary>
internal static class ImportCommand
{
    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("paths") { Description = "files, folders (recursive) or zips", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "print [{path, status, id?, error?}] instead of a summary" };
        var actor = new Option<string>("--actor") { Description = "name written to the audit log", DefaultValueFactory = _ => Environment.UserName };
        var command = new Command("import", "Import postmortems from files, folders and zips") { paths, json, actor };
        command.SetAction(parse =>
        {
            var inputs = parse.GetValue(paths) ?? [];
            using var store = context.OpenStore(parse.GetValue(CliApp.DbOption));
            var rows = Run(context, store, inputs, parse.GetValue(actor) ?? "cli", showProgress: context.Interactive && !parse.GetValue(json));
            if (parse.GetValue(json)) CliJson.Write(context.Out, rows);
            else PrintSummary(context, rows);
            return rows.Any(r => r.Status == "rejected") ? ExitCodes.Partial : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Reads every input, then saves all postmortems in one batch transaction.</summary>
    public static IReadOnlyList<ImportRow> Run(CliContext context, IPostmortemStore store, IReadOnlyList<string> inputs, string actor, bool showProgress)
    {
        var importer = new Importer();
        var outcomes = new List<FileOutcome>();
        var resolved = inputs.Select(context.ResolvePath).ToList();
        if (showProgress)
        {
            AnsiConsole.Status().Start("Reading…", status =>
            {
                foreach (var outcome in importer.ReadPaths(resolved, context.WorkingDirectory))
                {
                    outcomes.Add(outcome);
                    status.Status($"Read {outcomes.Count:N0} file(s): {Markup.Escape(TerminalSafeWriter.Clean(outcome.Path))}");
                }
                status.Status($"Saving {outcomes.Sum(o => o.Postmortems.Count):N0} postmortem(s)…");
            });
        }
        else
        {
            outcomes.AddRange(importer.ReadPaths(resolved, context.WorkingDirectory));
        }

        using var catalog = new PostmortemCatalog(store, context.Time);
        context.ReportUnreadable(store);
        var rows = ImportBatch.Save(catalog, outcomes, actor);
        return rows;
    }

    private static void PrintSummary(CliContext context, IReadOnlyList<ImportRow> rows)
    {
        foreach (var row in rows.Where(r => r.Status == "rejected"))
            context.Error.WriteLine($"rejected: {row.Path}: {row.Error}");
        context.Out.WriteLine(ImportBatch.Summary(rows));
    }
}
