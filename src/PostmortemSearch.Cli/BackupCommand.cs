using System.CommandLine;
using PostmortemSearch.Core.Store;

namespace PostmortemSearch.Cli;

/// <summary><c>pmsearch backup FILE</c>: an online copy through SQLite's backup API, safe while the service runs.</summary>
internal static class BackupCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "where to write the copy (a SQLite file)" };
        var force = new Option<bool>("--force") { Description = "replace FILE when it already exists" };
        var command = new Command("backup", "Copy the store to FILE while it is in use") { file, force };
        command.SetAction(parse =>
        {
            using var opened = context.OpenExistingStore(parse.GetValue(CliApp.DbOption));
            // PostgreSQL has its own online backup (pg_dump, base backups); this verb copies the embedded SQLite file.
            if (opened is not PostmortemStore store) throw new UsageException($"backup copies a SQLite store; {opened.Location} is PostgreSQL: use pg_dump");
            var target = context.ResolvePath(parse.GetValue(file)!);
            if (string.Equals(target, store.Path, StringComparison.Ordinal)) throw new UsageException("the backup file must not be the store itself");
            if (File.Exists(target) && !parse.GetValue(force))
                throw new UsageException($"{target} already exists; pass --force to replace it, or choose another file");
            store.Backup(target);
            context.Out.WriteLine($"backed up {store.Count()} postmortem(s) to {target}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
