using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using PostmortemSearch.Core;
using PostmortemSearch.Importers;
using PostmortemSearch.Server;

namespace PostmortemSearch.Cli;

/// <summary><c>pmsearch serve [--urls URLS] [--import PATH...]</c>: imports the given paths, then hosts the API and web UI.</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var urls = new Option<string>("--urls")
        {
            Description = "addresses to listen on, ';'-separated (non-loopback only with PMSEARCH_API_KEYS set)",
            DefaultValueFactory = _ => ServerOptions.DefaultUrls,
        };
        var import = new Option<string[]>("--import")
        {
            Description = "files, folders or zips to import before serving (e.g. ingest-samples)",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("serve", "Serve the HTTP API and web UI over the store") { urls, import };
        command.SetAction((parse, ct) => Run(context, parse.GetValue(CliApp.DbOption), parse.GetValue(urls)!, parse.GetValue(import) ?? [], ct));
        return command;
    }

    private static async Task<int> Run(CliContext context, string? db, string urls, string[] imports, CancellationToken ct)
    {
        var store = context.OpenStore(db);
        // A replica started empty builds its own index from the (possibly shared) store before it listens.
        context.Out.WriteLine($"building the search index from {store.Count():N0} postmortem(s) in {store.Location}…");
        // owns and disposes the store; in serve, searches and background embedding get a model each (see SemanticOptions)
        using var catalog = context.Catalog(store, context.SemanticOptions());
        catalog.Factors.Background = true;   // imports never wait for factor clustering; the last result is served with its age
        context.Out.WriteLine($"search index built: {catalog.Index.Count:N0} postmortem(s) in {catalog.IndexBuildTime.TotalSeconds:0.0} s, at change {catalog.AppliedSeq:N0}");
        context.ReportUnreadable(store);
        var rejected = 0;
        if (imports.Length > 0)
        {
            // Through this catalog (not ImportCommand.Run, which disposes its own) so derived state sees the import.
            var outcomes = new Importer(clock: context.Time).ReadPaths([.. imports.Select(context.ResolvePath)], context.WorkingDirectory, ct).ToList();
            var rows = ImportBatch.Save(catalog, outcomes, "serve");
            ImportCommand.PrintSummary(context, rows);
            rejected = rows.Count(r => r.Status == "rejected");
        }

        WebApplication app;
        try
        {
            app = ServerApp.Build(new ServerOptions { Catalog = catalog, Urls = urls, LogStartupNotices = false });
        }
        catch (ServerStartException e)
        {
            throw new UsageException(e.Message);
        }
        await using (app)
        {
            if (ServerApp.IsOpenAccess(app)) context.Out.WriteLine(ServerApp.OpenAccessNotice);
            IReadOnlyList<string> addresses;
            try
            {
                addresses = await ServerApp.StartAsync(app, ct);
            }
            catch (ServerStartException e)
            {
                throw new UsageException(e.Message);
            }
            catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                context.Error.WriteLine($"pmsearch: cannot listen on {urls}: the address is already in use (another pmsearch serve?)");
                context.Error.WriteLine($"  hint: stop the other process, or choose a free port: pmsearch serve --urls {OtherPort(urls)}");
                return ExitCodes.Partial;
            }
            foreach (var address in addresses) context.Out.WriteLine($"PostmortemSearch listening on {address}");
            context.Out.WriteLine($"{store.Count()} postmortem(s) in {store.Location}");
            await app.WaitForShutdownAsync(ct);
        }
        return rejected > 0 ? ExitCodes.Partial : ExitCodes.Ok;
    }

    /// <summary>The first address with the next port, as a suggestion ("http://127.0.0.1:5080" → "http://127.0.0.1:5081").</summary>
    internal static string OtherPort(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? ServerOptions.DefaultUrls;
        return Uri.TryCreate(first, UriKind.Absolute, out var uri) && uri.Port is > 0 and < 65535
            ? new UriBuilder(uri) { Port = uri.Port + 1 }.Uri.ToString().TrimEnd('/')
            : ServerOptions.DefaultUrls;
    }
}
