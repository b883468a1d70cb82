using System.CommandLine;
using System.Diagnostics;
using PostmortemSearch.Core.Store;

namespace PostmortemSearch.Cli;

/// <summary>
/// <c>pmsearch migrate --to postgresql://user:password@host:5432/name</c>: copies the store named by <c>--db</c>
/// (default the SQLite file) into an empty PostgreSQL database, with progress, in one transaction.
/// </summary>
internal static class MigrateCommand
{
    public static Command Create(CliContext context)
    {
        var to = new Option<string>("--to") { Description = "the PostgreSQL database to copy into: postgresql://user:password@host:5432/name (must be empty)", Required = true };
        var actor = new Option<string>("--actor") { Description = "name written to the audit log", DefaultValueFactory = _ => Environment.UserName };
        var command = new Command("migrate", "Copy the store (postmortems, import and audit logs) into an empty PostgreSQL database") { to, actor };
        command.SetAction(parse =>
        {
            var target = parse.GetValue(to)!;
            if (!PostgresAddress.IsPostgres(target)) throw new UsageException($"--to takes a PostgreSQL address (postgresql://user:password@host:5432/name), not '{PostgresAddress.Redact(target)}'");
            using var source = context.OpenExistingStore(parse.GetValue(CliApp.DbOption));
            using var destination = (PostgresPostmortemStore)context.OpenStore(target);
            if (string.Equals(source.Location, destination.Location, StringComparison.Ordinal)) throw new UsageException("--to names the store being migrated");
            context.Out.WriteLine($"migrating {source.Count():N0} postmortem(s) from {source.Location} to {destination.Location}");
            var watch = Stopwatch.StartNew();
            int copied;
            try
            {
                copied = destination.CopyFrom(source, parse.GetValue(actor) ?? "cli", (done, total) =>
                    context.Out.WriteLine($"copied {done:N0} of {total:N0} postmortem(s) ({watch.Elapsed.TotalSeconds:0.0} s)"));
            }
            catch (StoreNotEmptyException e)
            {
                throw new UsageException(e.Message);
            }
            context.Out.WriteLine($"migrated {copied:N0} postmortem(s) in {watch.Elapsed.TotalSeconds:0.0} s; serve with --db {destination.Location} (add the password) or PMSEARCH_DB");
            return ExitCodes.Ok;
        });
        return command;
    }
}
