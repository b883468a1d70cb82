using System.CommandLine;
using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Core.Analytics.Taxonomy;

namespace PostmortemSearch.Cli;

/// <summary>
/// <c>pmsearch taxonomy export [--out FILE]</c> and <c>pmsearch taxonomy import FILE</c>: the factor taxonomy in use
/// (the shipped one, or the last imported) as the same JSON document as <c>GET/PUT /api/taxonomy</c>.
/// </summary>
internal static class TaxonomyCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("taxonomy", "Export or import the factor taxonomy (categories with label, description and example statements)");
        command.Subcommands.Add(Export(context));
        command.Subcommands.Add(Import(context));
        return command;
    }

    private static Command Export(CliContext context)
    {
        var output = new Option<string?>("--out") { Description = "write to FILE instead of stdout" };
        var command = new Command("export", "Print the taxonomy in use as JSON (as GET /api/taxonomy)") { output };
        command.SetAction(parse =>
        {
            using var store = context.OpenExistingStore(parse.GetValue(CliApp.DbOption));
            var taxonomy = Analytics(context, store).Taxonomy;
            var json = taxonomy.ToJson();
            if (parse.GetValue(output) is { } file)
            {
                var path = context.WriteOut(file, json + "\n");
                context.Out.WriteLine($"wrote {taxonomy.Categories.Count} categories to {path}");
            }
            else context.Out.WriteLine(json);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Import(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "a taxonomy JSON document (as written by 'taxonomy export')" };
        var actor = new Option<string>("--actor") { Description = "name written to the audit log", DefaultValueFactory = _ => Environment.UserName };
        var command = new Command("import", "Replace the taxonomy with FILE (validated first; the stored one is kept when FILE is refused)") { file, actor };
        command.SetAction(parse =>
        {
            var path = context.ResolvePath(parse.GetValue(file)!);
            if (!File.Exists(path)) throw new UsageException($"{path}: no such file");
            string json;
            try
            {
                json = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                context.Error.WriteLine($"pmsearch: {path}: cannot be read ({e.Message})");
                return ExitCodes.Partial;
            }
            using var store = context.OpenExistingStore(parse.GetValue(CliApp.DbOption));
            try
            {
                var taxonomy = Analytics(context, store).ImportTaxonomy(json, path, parse.GetValue(actor) is { Length: > 0 } who ? who : "cli");
                context.Out.WriteLine($"imported {taxonomy.Categories.Count} categories from {path}; factor clusters use them from the next analysis");
                return ExitCodes.Ok;
            }
            catch (TaxonomyFormatException e)
            {
                // The message names the file (the source given to Parse), the category and the problem.
                context.Error.WriteLine($"pmsearch: {e.Message}");
                context.Error.WriteLine("pmsearch: the taxonomy in use is unchanged");
                return ExitCodes.Partial;
            }
        });
        return command;
    }

    /// <summary>The taxonomy needs neither the search index nor the sentence model: no catalog is opened.</summary>
    private static FactorAnalytics Analytics(CliContext context, Core.Store.IPostmortemStore store) => new(store, context.Time, () => null);
}
