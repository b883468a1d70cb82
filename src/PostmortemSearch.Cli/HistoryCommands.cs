using System.CommandLine;
using System.Globalization;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Store;

namespace PostmortemSearch.Cli;

/// <summary>
/// <c>pmsearch history ID</c> and <c>pmsearch restore ID VERSION</c>: every update, delete and restore keeps the
/// version it replaced, so an overwrite (or a mistaken delete) can be undone.
/// </summary>
internal static class HistoryCommands
{
    public static Command History(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "postmortem id" };
        var json = new Option<bool>("--json") { Description = "print [{version, postmortemId, title, sourceKind, sourcePath, restricted, replacedAt, replacedBy, reason}]" };
        var command = new Command("history", "List the kept previous versions of a postmortem (newest first)") { id, json };
        command.SetAction(parse =>
        {
            using var store = context.OpenExistingStore(parse.GetValue(CliApp.DbOption));
            var versions = store.History(parse.GetValue(id)!);
            if (versions.Count == 0 && Unknown(context, store, parse.GetValue(id)!)) return ExitCodes.Partial;
            if (parse.GetValue(json))
            {
                CliJson.Write(context.Out, versions);
                return ExitCodes.Ok;
            }
            foreach (var v in versions)
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{v.Version,6}  {v.ReplacedAt:yyyy-MM-dd HH:mm}  {v.Reason,-8}  by {v.ReplacedBy}  {v.Title}  ({v.SourceKind} {v.SourcePath}){(v.Restricted ? "  [restricted]" : "")}"));
            context.Out.WriteLine($"{versions.Count} kept version(s) of {parse.GetValue(id)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Restore(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "postmortem id" };
        var version = new Argument<long>("version") { Description = "a version number from 'pmsearch history ID'" };
        var actor = new Option<string>("--actor") { Description = "name written to the audit log", DefaultValueFactory = _ => Environment.UserName };
        var command = new Command("restore", "Make a kept version of a postmortem current again (the current one is kept too)") { id, version, actor };
        command.SetAction(parse =>
        {
            using var catalog = context.Catalog(context.OpenExistingStore(parse.GetValue(CliApp.DbOption)));
            if (catalog.Store.History(parse.GetValue(id)!).Count == 0 && Unknown(context, catalog.Store, parse.GetValue(id)!)) return ExitCodes.Partial;
            var restored = catalog.Restore(parse.GetValue(id)!, parse.GetValue(version), parse.GetValue(actor) ?? "cli");
            if (restored is null)
            {
                context.Error.WriteLine($"pmsearch: postmortem '{parse.GetValue(id)}' has no readable kept version {parse.GetValue(version)}; see 'pmsearch history {parse.GetValue(id)}'");
                return ExitCodes.Partial;
            }
            context.Out.WriteLine($"restored version {parse.GetValue(version)} of {restored.Id}: {restored.Title}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// True, and said on stderr, when <paramref name="id"/> has no current version (the caller knows it has no kept
    /// one either): a typo. A deleted postmortem has history but no current version, and is not unknown.
    /// </summary>
    private static bool Unknown(CliContext context, IPostmortemStore store, string id)
    {
        if (store.Get(id) is not null) return false;
        context.Error.WriteLine($"pmsearch: no postmortem with id '{id}' (and no kept version of one); see 'pmsearch list'");
        return true;
    }
}
