using System.CommandLine;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Semantic;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Importers;
using Spectre.Console;

namespace PostmortemSearch.Cli;

/// <summary><c>pmsearch import PATH...</c>: files, folders (recursive) and zips, in one transaction.</summary>
internal static class ImportCommand
{
    /// <summary>From this many files on, the index is merged to one segment after the import.</summary>
    private const int BulkImport = 1000;

    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("paths") { Description = "files, folders (recursive) or zips", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "print [{path, status, id?, error?}] instead of a summary" };
        var actor = new Option<string>("--actor") { Description = "name written to the audit log", DefaultValueFactory = _ => Environment.UserName };
        var command = new Command("import", "Import postmortems from files, folders and zips") { paths, json, actor };
        command.SetAction(parse =>
        {
            var inputs = parse.GetValue(paths) ?? [];
            // Nothing to read at all (a typo): say so before a store file is created for it.
            var resolved = inputs.Select(context.ResolvePath).ToList();
            if (resolved.Count > 0 && resolved.All(p => !File.Exists(p) && !Directory.Exists(p)))
            {
                foreach (var p in resolved) context.Error.WriteLine($"pmsearch: no such file or folder: {p}");
                return ExitCodes.Partial;
            }
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
        var importer = new Importer(clock: context.Time);
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

        using var catalog = context.Catalog(store, context.SemanticOptions());
        context.ReportUnreadable(store);
        var rows = ImportBatch.Save(catalog, outcomes, actor);
        // a bulk import leaves many small segments: one segment answers faster
        if (rows.Count >= BulkImport) catalog.MergeIndex();
        if (catalog.Semantic is { } semantic) Embed(context, semantic, showProgress);
        catalog.Factors.CatchUpVectors();   // factor-statement vectors are computed at import and stored
        return rows;
    }

    /// <summary>
    /// Embeds what the import changed (and anything an earlier run left behind: it catches up from the change log), with
    /// progress on a terminal. An interrupted run loses nothing: the next import, search or serve goes on from there.
    /// </summary>
    private static void Embed(CliContext context, SemanticIndex semantic, bool showProgress)
    {
        if (!semantic.Behind) return;
        if (!showProgress)
        {
            semantic.CatchUp();
            return;
        }
        AnsiConsole.Status().Start("Embedding for semantic search…", status =>
            semantic.CatchUp(p => status.Status($"Embedded {p.Embedded:N0} postmortem(s) for semantic search, {p.Remaining:N0} change(s) to go…")));
    }

    /// <summary>The rejections on stderr (one line each, with the reason), then the summary and why files were skipped.</summary>
    public static void PrintSummary(CliContext context, IReadOnlyList<ImportRow> rows)
    {
        foreach (var row in rows.Where(r => r.Status == "rejected"))
            context.Error.WriteLine($"rejected: {row.Path}: {row.Error}");
        context.Out.WriteLine(ImportBatch.Summary(rows));
        if (SkipSummary(rows) is { } skipped) context.Out.WriteLine(skipped);
    }

    /// <summary>
    /// "skipped: 18 × no postmortem content: README.md, …; 3 × .png is not a postmortem format: logo.png, …": the
    /// reasons of the skipped files, most frequent first, so "21 skipped" is not a mystery. Null when nothing was skipped.
    /// </summary>
    public static string? SkipSummary(IReadOnlyList<ImportRow> rows, int maxReasons = 6)
    {
        var groups = rows.Where(r => r.Status == "skipped")
            .GroupBy(r => SkipReason(r.Error), StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        if (groups.Count == 0) return null;
        var shown = groups.Take(maxReasons).Select(g => $"{g.Count()} × {g.Key}: {Path.GetFileName(g.First().Path.Replace("!/", "/", StringComparison.Ordinal))}{(g.Count() > 1 ? ", …" : "")}");
        var rest = groups.Skip(maxReasons).Sum(g => g.Count());
        return "skipped: " + string.Join("; ", shown) + (rest > 0 ? $"; {rest} for other reasons (--json lists each)" : "");
    }

    /// <summary>The reason without what names one file ("skipped: page 'Home': no postmortem content" → "no postmortem content").</summary>
    internal static string SkipReason(string? error)
    {
        var reason = (error ?? "no reason given").Trim();
        if (reason.StartsWith("skipped:", StringComparison.Ordinal)) reason = reason["skipped:".Length..].Trim();
        if (reason.StartsWith("page '", StringComparison.Ordinal) && reason.IndexOf("': ", StringComparison.Ordinal) is var end and > 0) reason = reason[(end + 3)..];
        return reason;
    }
}
