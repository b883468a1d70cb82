using System.CommandLine;
using System.Text.Json;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers;
using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Cli;

/// <summary><c>pmsearch inspect FILE</c>: the reader's outline of a file — why a document imported the way it did.</summary>
internal static class InspectCommand
{
    /// <summary>How an entry inside a zip is named, as import reports it: <c>export.zip!/space/page.html</c>.</summary>
    private const string EntryMarker = "!/";

    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "a document file, a zip (every entry), or one zip entry as import names it: export.zip!/folder/page.html" };
        var command = new Command("inspect", "Show how a reader outlines FILE (headings, paragraphs, lists, tables) before extraction") { file };
        command.SetAction(parse =>
        {
            var (path, entry) = Split(context.ResolvePath(parse.GetValue(file)!));
            if (!File.Exists(path)) throw new UsageException($"no such file: {path}");
            var source = new SourceFile(Path.GetFileName(path), File.ReadAllBytes(path));
            if (source.Extension != ".zip")
            {
                if (entry is not null) throw new UsageException($"{path} is not a zip, so it has no entry '{entry}'");
                return Inspect(context, source);
            }
            return InspectZip(context, source, entry);
        });
        return command;
    }

    /// <summary>"a.zip!/x/y.html" → ("a.zip", "x/y.html"); a plain path has no entry.</summary>
    private static (string Path, string? Entry) Split(string path)
    {
        if (File.Exists(path)) return (path, null);
        var marker = path.IndexOf(".zip" + EntryMarker, StringComparison.OrdinalIgnoreCase);
        return marker < 0 ? (path, null) : (path[..(marker + 4)], path[(marker + 4 + EntryMarker.Length)..]);
    }

    /// <summary>Every entry of the zip (or the one named), expanded with the import's own limits and safety checks.</summary>
    private static int InspectZip(CliContext context, SourceFile zip, string? entry)
    {
        var code = ExitCodes.Ok;
        var found = false;
        try
        {
            foreach (var item in ArchiveExpander.Expand(zip, ImportLimits.Default))
            {
                var name = item.Path[(zip.Path.Length + EntryMarker.Length)..];
                if (entry is not null && !string.Equals(name, entry, StringComparison.Ordinal)) continue;
                found = true;
                if (item.File is null)
                {
                    context.Error.WriteLine($"pmsearch: {item.Path}: {item.Error}");
                    code = ExitCodes.Partial;
                    continue;
                }
                if (entry is null && !Importer.Readers.Any(r => r.CanRead(item.File)))
                {
                    context.Out.WriteLine($"== (not a document: no reader claims it) {item.Path}");
                    continue;
                }
                if (Inspect(context, item.File) != ExitCodes.Ok) code = ExitCodes.Partial;
            }
        }
        catch (ImportException e)
        {
            context.Error.WriteLine($"pmsearch: {zip.Path}: {e.Message}");
            return ExitCodes.Partial;
        }
        if (entry is not null && !found)
        {
            context.Error.WriteLine($"pmsearch: {zip.Path} has no entry '{entry}' (pmsearch inspect {zip.Path} lists them)");
            return ExitCodes.Partial;
        }
        return code;
    }

    private static int Inspect(CliContext context, SourceFile source)
    {
        var reader = Importer.Readers.FirstOrDefault(r => r.CanRead(source));
        if (reader is null)
        {
            context.Error.WriteLine($"pmsearch: no reader claims {source.Path}");
            return ExitCodes.Partial;
        }
        try
        {
            var documents = reader.Read(source);
            if (documents.Count == 0) context.Out.WriteLine($"== {reader.Kind} {source.Path}: no postmortem: {reader.NoDocumentReason}; import skips it");
            foreach (var document in documents)
            {
                context.Out.WriteLine($"== {reader.Kind} {document.SourceKey ?? ""} {document.Path ?? source.Path}");
                if (document.Outline is { } outline) Print(context.Out, outline);
                else if (document.Postmortem is { } p) context.Out.WriteLine(PostmortemJson.Serialize(p, indented: true));
            }
        }
        catch (ImportException e)
        {
            context.Error.WriteLine($"pmsearch: {source.Path}: {e.Message}");
            return ExitCodes.Partial;
        }
        return ExitCodes.Ok;
    }

    private static void Print(TextWriter o, DocumentOutline outline)
    {
        o.WriteLine($"title: {outline.Title}");
        o.WriteLine($"authors: {string.Join(", ", outline.Authors)}  created: {outline.Created}  modified: {outline.Modified}  labels: {string.Join(", ", outline.Labels)}");
        foreach (var m in outline.Metadata) o.WriteLine($"meta: {m.Key} = {m.Value}");
        foreach (var t in outline.Tickets) o.WriteLine($"ticket: {t.Key} [{t.Status}] {t.Summary}");
        foreach (var d in outline.Diagnostics) o.WriteLine($"diagnostic: {d.Severity}: {d.Message}");
        foreach (var block in outline.Blocks)
        {
            switch (block)
            {
                case HeadingBlock h: o.WriteLine($"{new string('#', h.Level)} {h.Text}"); break;
                case ParagraphBlock p: o.WriteLine($"{(p.AllBold ? "[bold] " : "")}{p.Text.Replace("\n", "\n  ", StringComparison.Ordinal)}"); break;
                case ListBlock l:
                    foreach (var i in l.Items)
                        o.WriteLine($"{new string(' ', i.Level * 2)}{(l.Ordered ? "1." : "-")} {(i.Checked is { } c ? c ? "[x] " : "[ ] " : "")}{i.Text}{(i.Assignee is null ? "" : $" @{i.Assignee}")}{(i.Due is null ? "" : $" due {i.Due}")}");
                    break;
                case TableBlock t:
                    foreach (var row in t.Rows) o.WriteLine("| " + string.Join(" | ", row) + " |");
                    break;
                case CodeBlock c: o.WriteLine("```\n" + c.Text + "\n```"); break;
            }
        }
    }
}
