using System.CommandLine;
using System.Text.Json;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers;
using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Cli;

/// <summary><c>pmsearch inspect FILE</c>: the reader's outline of a file — why a document imported the way it did.</summary>
internal static class InspectCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "a document file" };
        var command = new Command("inspect", "Show how a reader outlines FILE (headings, paragraphs, lists, tables) before extraction") { file };
        command.SetAction(parse =>
        {
            var path = context.ResolvePath(parse.GetValue(file)!);
            if (!File.Exists(path)) throw new UsageException($"no such file: {path}");
            var source = new SourceFile(Path.GetFileName(path), File.ReadAllBytes(path));
            var reader = Importer.Readers.FirstOrDefault(r => r.CanRead(source));
            if (reader is null)
            {
                context.Error.WriteLine($"pmsearch: no reader claims {source.FileName}");
                return ExitCodes.Partial;
            }
            try
            {
                foreach (var document in reader.Read(source))
                {
                    context.Out.WriteLine($"== {reader.Kind} {document.SourceKey ?? ""} {document.Path ?? ""}");
                    if (document.Outline is { } outline) Print(context.Out, outline);
                    else if (document.Postmortem is { } p) context.Out.WriteLine(PostmortemJson.Serialize(p, indented: true));
                }
            }
            catch (ImportException e)
            {
                context.Error.WriteLine($"pmsearch: {source.FileName}: {e.Message}");
                return ExitCodes.Partial;
            }
            return ExitCodes.Ok;
        });
        return command;
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
