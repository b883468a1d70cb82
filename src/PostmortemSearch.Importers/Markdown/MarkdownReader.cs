using System.Globalization;
using System.Text;
using Markdig;
using Markdig.Extensions.TaskLists;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers.Outline;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using MdBlock = Markdig.Syntax.Block;
using MdTable = Markdig.Extensions.Tables.Table;

namespace PostmortemSearch.Importers.Markdown;

/// <summary>Markdown (CommonMark + pipe tables + task lists) with optional YAML front matter.</summary>
internal sealed class MarkdownReader : IDocumentReader
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UsePipeTables()
        .UseGridTables()
        .UseTaskLists()
        .Build();

    private static readonly HashSet<string> LabelKeys = new(StringComparer.OrdinalIgnoreCase) { "categories", "tags", "labels", "label", "tag" };
    private static readonly HashSet<string> AuthorKeys = new(StringComparer.OrdinalIgnoreCase) { "authors", "author" };

    public string Kind => SourceKinds.Markdown;

    public bool CanRead(SourceFile file) => file.Extension is ".md" or ".markdown" or ".mdown";

    public IReadOnlyList<ReadDocument> Read(SourceFile file)
    {
        var outline = new OutlineAccumulator();
        var text = TextDecoding.Decode(file, outline.Diagnostics);
        if (string.IsNullOrWhiteSpace(text)) throw new ImportException("the file is empty");
        if (MarkdownNesting.Deepest(text) is var depth && depth > MarkdownNesting.MaxDepth)
            throw new ImportException($"lists or quotes nest {depth} levels deep; the limit is {MarkdownNesting.MaxDepth} (Markdig's cost grows with the square of the depth)");
        var document = Markdig.Markdown.Parse(text, Pipeline);
        foreach (var block in document)
        {
            if (block is YamlFrontMatterBlock yaml) ReadFrontMatter(yaml, text, outline);
            else AddBlock(block, outline, listLevel: 0);
        }
        var key = outline.Metadata.FirstOrDefault(m => m.Key.Equals("uuid", StringComparison.OrdinalIgnoreCase) || m.Key.Equals("id", StringComparison.OrdinalIgnoreCase));
        return [new ReadDocument { Outline = outline.Build(), SourceKey = key is null ? null : "markdown:" + key.Value }];
    }

    private static void ReadFrontMatter(YamlFrontMatterBlock block, string text, OutlineAccumulator outline)
    {
        var yamlText = text.Substring(block.Span.Start, block.Span.Length).Trim();
        yamlText = yamlText.Trim('-').Trim();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yamlText));
        }
        // YamlDotNet also throws InvalidOperationException (an unclosed "[a" before the next key) and
        // ArgumentException (an indented "- :" then a plain line) on malformed input, not only YamlException.
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException)
        {
            // People write front matter by hand: "title: Payments down: webhook host wrong" is not YAML (a plain value
            // may not hold ": "), but its meaning is plain. Read such front matter line by line instead of dropping it.
            var lenient = LenientFrontMatter(yamlText);
            outline.Diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, lenient.Count > 0
                ? $"front matter is not valid YAML ({e.Message.Split('\n')[0]}); read as plain 'key: value' lines"
                : $"front matter is not valid YAML ({e.Message.Split('\n')[0]}); ignored"));
            foreach (var (key, values) in lenient) ApplyFrontMatter(key, values, outline);
            return;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode map) return;
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            if (string.IsNullOrWhiteSpace(key)) continue;
            var values = valueNode switch
            {
                YamlScalarNode s => s.Value is { } v ? [v] : (List<string>)[],
                YamlSequenceNode seq => seq.Children.OfType<YamlScalarNode>().Select(n => n.Value ?? "").Where(v => v.Length > 0).ToList(),
                _ => [],
            };
            ApplyFrontMatter(key, values, outline);
        }
    }

    private static void ApplyFrontMatter(string key, List<string> values, OutlineAccumulator outline)
    {
        if (values.Count == 0) return;
        if (key.Equals("title", StringComparison.OrdinalIgnoreCase)) outline.Title = values[0].Trim();
        else if (LabelKeys.Contains(key)) outline.Labels.AddRange(values.Select(v => v.Trim()));
        else if (AuthorKeys.Contains(key)) outline.Authors.AddRange(values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
        else outline.Metadata.Add(new MetadataEntry(key, string.Join(", ", values)));
    }

    /// <summary>
    /// Front matter read as lines: "key: value" (the value is everything after the first ": ", quotes trimmed),
    /// "key: [a, b]" and "key:" followed by "- item" lines. Indented lines other than list items are skipped.
    /// </summary>
    internal static List<(string Key, List<string> Values)> LenientFrontMatter(string text)
    {
        var result = new List<(string Key, List<string> Values)>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith("- ", StringComparison.Ordinal) && result.Count > 0)
            {
                result[^1].Values.Add(Unquote(line.TrimStart()[2..]));
                continue;
            }
            if (line.Length == 0 || char.IsWhiteSpace(line[0]) || line[0] == '#') continue;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            var key = line[..colon].Trim();
            if (key.Any(c => !(char.IsLetterOrDigit(c) || c is '_' or '-' or ' '))) continue;
            var value = line[(colon + 1)..].Trim();
            var values = value.StartsWith('[') && value.EndsWith(']')
                ? value[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Unquote).ToList()
                : value.Length > 0 ? [Unquote(value)] : [];
            result.Add((key, values));
        }
        return result;

        static string Unquote(string v)
        {
            v = v.Trim();
            return v.Length >= 2 && (v[0] == '"' && v[^1] == '"' || v[0] == '\'' && v[^1] == '\'') ? v[1..^1] : v;
        }
    }

    private static void AddBlock(MdBlock block, OutlineAccumulator outline, int listLevel)
    {
        switch (block)
        {
            case Markdig.Syntax.HeadingBlock heading:
                var headingText = InlineText(heading.Inline);
                if (heading.Level == 1 && outline.Title is null && outline.Blocks.Count == 0)
                    outline.Title = headingText;
                else
                    outline.Blocks.Add(new Outline.HeadingBlock(heading.Level, headingText));
                break;
            case Markdig.Syntax.ParagraphBlock paragraph:
                var (text, allBold) = ParagraphText(paragraph.Inline);
                if (text.Length > 0) outline.Blocks.Add(new Outline.ParagraphBlock(text) { AllBold = allBold });
                break;
            case Markdig.Syntax.ListBlock list:
                var items = new List<ListItem>();
                CollectListItems(list, 0, items);
                if (items.Count > 0)
                {
                    outline.Blocks.Add(new Outline.ListBlock(items)
                    {
                        Ordered = list.IsOrdered,
                        IsTaskList = items.Any(i => i.Checked is not null),
                    });
                }
                break;
            case MdTable table:
                outline.Blocks.Add(TableOf(table));
                break;
            case FencedCodeBlock fenced:
                outline.Blocks.Add(new Outline.CodeBlock(fenced.Lines.ToString()) { Language = string.IsNullOrEmpty(fenced.Info) ? null : fenced.Info });
                break;
            case Markdig.Syntax.CodeBlock code:
                outline.Blocks.Add(new Outline.CodeBlock(code.Lines.ToString()));
                break;
            case QuoteBlock quote:
                foreach (var child in quote) AddBlock(child, outline, listLevel);
                break;
            case ContainerBlock container:
                foreach (var child in container) AddBlock(child, outline, listLevel);
                break;
            case LeafBlock leaf when leaf.Inline is not null:
                var leafText = InlineText(leaf.Inline);
                if (leafText.Length > 0) outline.Blocks.Add(new Outline.ParagraphBlock(leafText));
                break;
        }
    }

    private static void CollectListItems(Markdig.Syntax.ListBlock list, int level, List<ListItem> items)
    {
        foreach (var child in list)
        {
            if (child is not ListItemBlock itemBlock) continue;
            var parts = new List<string>();
            bool? isChecked = null;
            var nested = new List<Markdig.Syntax.ListBlock>();
            foreach (var part in itemBlock)
            {
                switch (part)
                {
                    case Markdig.Syntax.ParagraphBlock p:
                        var task = p.Inline?.Descendants<TaskList>().FirstOrDefault();
                        if (task is not null) isChecked = task.Checked;
                        parts.Add(InlineText(p.Inline));
                        break;
                    case Markdig.Syntax.ListBlock inner:
                        nested.Add(inner);
                        break;
                    case LeafBlock leaf:
                        parts.Add(leaf.Lines.ToString().Trim());
                        break;
                }
            }
            var text = string.Join(" ", parts.Where(t => t.Length > 0));
            if (text.Length > 0 || isChecked is not null) items.Add(new ListItem(text, level) { Checked = isChecked });
            foreach (var inner in nested) CollectListItems(inner, level + 1, items);
        }
    }

    private static Outline.TableBlock TableOf(MdTable table)
    {
        var rows = new List<IReadOnlyList<string>>();
        var headerRows = 0;
        foreach (var rowBlock in table.OfType<TableRow>())
        {
            var cells = rowBlock.OfType<TableCell>()
                .Select(cell => string.Join(" ", cell.OfType<Markdig.Syntax.ParagraphBlock>().Select(p => InlineText(p.Inline))).Trim())
                .ToList();
            rows.Add(cells);
            if (rowBlock.IsHeader) headerRows++;
        }
        return new Outline.TableBlock(rows) { HeaderRows = headerRows };
    }

    private static (string Text, bool AllBold) ParagraphText(ContainerInline? inline)
    {
        var text = InlineText(inline);
        if (inline is null || text.Length == 0) return (text, false);
        var children = inline.ToList();
        var allBold = children.Count > 0 && children.All(c =>
            (c is EmphasisInline { DelimiterCount: >= 2 }) || (c is LiteralInline lit && string.IsNullOrWhiteSpace(lit.Content.ToString())) || c is LineBreakInline)
            && children.Any(c => c is EmphasisInline);
        return (text, allBold);
    }

    /// <summary>Plain text of an inline tree: emphasis flattened, links keep their text, code spans keep their code.</summary>
    internal static string InlineText(ContainerInline? inline)
    {
        if (inline is null) return "";
        var sb = new StringBuilder();
        Append(inline, sb);
        return TextNormalizer.CollapseLines(sb.ToString());
    }

    private static void Append(Inline inline, StringBuilder sb)
    {
        switch (inline)
        {
            case TaskList:
                break;
            case LiteralInline literal:
                sb.Append(literal.Content.ToString());
                break;
            case CodeInline code:
                sb.Append(code.Content);
                break;
            case LineBreakInline:
                sb.Append('\n');
                break;
            case HtmlInline:
                break;
            case HtmlEntityInline entity:
                // "&lt;" is the text "<" (written before as the inline's type name).
                sb.Append(entity.Transcoded.ToString());
                break;
            case AutolinkInline auto:
                sb.Append(auto.Url);
                break;
            case ContainerInline container:
                foreach (var child in container) Append(child, sb);
                break;
            default:
                sb.Append(inline.ToString());
                break;
        }
    }
}
