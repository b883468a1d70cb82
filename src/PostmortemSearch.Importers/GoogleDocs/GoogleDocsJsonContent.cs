using System.Globalization;
using System.Text;
using System.Text.Json;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers.Outline;
using static PostmortemSearch.Importers.GoogleDocs.GoogleDocsJsonReader;

namespace PostmortemSearch.Importers.GoogleDocs;

/// <summary>
/// One body (a legacy document's or one tab's) of a Docs API document, appended to a block list.
/// Consecutive bullets of one list become one <see cref="ListBlock"/>.
/// </summary>
internal sealed class GoogleDocsJsonContent(JsonElement? lists, List<Block> blocks, List<Diagnostic> diagnostics)
{
    private static readonly HashSet<string> OrderedGlyphs = new(StringComparer.Ordinal)
    {
        "DECIMAL", "ZERO_DECIMAL", "ALPHA", "UPPER_ALPHA", "ROMAN", "UPPER_ROMAN",
    };

    private readonly List<ListItem> _items = [];
    private string? _listId;
    private bool _ordered;
    private int _droppedObjects;

    /// <summary>The first TITLE-styled paragraph, used when the document has no <c>title</c> property.</summary>
    public string? Title { get; private set; }

    public void Read(JsonElement body)
    {
        if (Property(body, "content") is { ValueKind: JsonValueKind.Array } content)
        {
            foreach (var element in content.EnumerateArray()) ReadStructural(element);
        }
        FlushList();
        if (_droppedObjects > 0)
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, $"{_droppedObjects} image(s) or embedded object(s) were dropped"));
    }

    private void ReadStructural(JsonElement element)
    {
        if (Property(element, "paragraph") is { } paragraph) ReadParagraph(paragraph);
        else if (Property(element, "table") is { } table)
        {
            FlushList();
            blocks.Add(ReadTable(table));
        }
        // sectionBreak carries no text; tableOfContents repeats the headings.
    }

    private void ReadParagraph(JsonElement paragraph)
    {
        var (text, allBold, allStruck) = ParagraphText(paragraph);
        var style = Property(paragraph, "paragraphStyle") is { } ps ? String(ps, "namedStyleType") : null;

        if (Property(paragraph, "bullet") is { } bullet && text.Length > 0)
        {
            AddListItem(bullet, text, allStruck);
            return;
        }
        FlushList();
        if (text.Length == 0) return;

        switch (style)
        {
            case "TITLE" when Title is null:
                Title = text;
                break;
            case "TITLE":
                blocks.Add(new HeadingBlock(1, text));
                break;
            case { } s when s.StartsWith("HEADING_", StringComparison.Ordinal)
                && int.TryParse(s.AsSpan("HEADING_".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var level):
                blocks.Add(new HeadingBlock(level, text));
                break;
            default:
                blocks.Add(new ParagraphBlock(text) { AllBold = allBold });
                break;
        }
    }

    private void AddListItem(JsonElement bullet, string text, bool allStruck)
    {
        var listId = String(bullet, "listId") ?? "";
        var level = Property(bullet, "nestingLevel") is { ValueKind: JsonValueKind.Number } n && n.TryGetInt32(out var l) ? l : 0;
        var glyph = NestingLevel(listId, level);
        var glyphType = glyph is { } g ? String(g, "glyphType") : null;
        var glyphSymbol = glyph is { } g2 ? String(g2, "glyphSymbol") : null;

        if (_listId is not null && _listId != listId) FlushList();
        if (_items.Count == 0)
        {
            _listId = listId;
            _ordered = glyphType is not null && OrderedGlyphs.Contains(glyphType);
        }

        bool? isChecked = null;
        if (text[0] is '☐' or '☑' or '☒')
        {
            isChecked = text[0] != '☐';
            text = text[1..].TrimStart();
        }
        else if (glyph is not null && glyphSymbol is null && glyphType is null or "GLYPH_TYPE_UNSPECIFIED")
        {
            // A checklist level has neither a symbol nor a numbering glyph; Docs strikes through done items.
            var bulletStruck = Property(bullet, "textStyle") is { } ts && True(ts, "strikethrough");
            isChecked = bulletStruck || allStruck;
        }
        _items.Add(new ListItem(text, level) { Checked = isChecked });
    }

    private JsonElement? NestingLevel(string listId, int level)
    {
        if (lists is not { } all || Property(all, listId) is not { } list) return null;
        if (Property(list, "listProperties") is not { } props || Property(props, "nestingLevels") is not { ValueKind: JsonValueKind.Array } levels) return null;
        return level < levels.GetArrayLength() ? levels[level] : null;
    }

    private void FlushList()
    {
        if (_items.Count == 0) return;
        var isTask = _items.Any(i => i.Checked is not null);
        blocks.Add(new ListBlock([.. _items]) { Ordered = _ordered && !isTask, IsTaskList = isTask });
        _items.Clear();
        _listId = null;
    }

    private (string Text, bool AllBold, bool AllStruck) ParagraphText(JsonElement paragraph)
    {
        var text = new StringBuilder();
        var allBold = true;
        var allStruck = true;
        var any = false;
        if (Property(paragraph, "elements") is { ValueKind: JsonValueKind.Array } elements)
        {
            foreach (var element in elements.EnumerateArray())
            {
                var piece = ElementText(element);
                if (piece is null) continue;
                text.Append(piece);
                if (string.IsNullOrWhiteSpace(piece)) continue;
                any = true;
                var style = ElementStyle(element);
                allBold &= style is { } s && True(s, "bold");
                allStruck &= style is { } s2 && True(s2, "strikethrough");
            }
        }
        return (Clean(text), any && allBold, any && allStruck);
    }

    private string? ElementText(JsonElement element)
    {
        if (Property(element, "textRun") is { } run)
        {
            // Suggested deletions are still in the text in SUGGESTIONS_INLINE mode; like tracked changes, they are not the document's text.
            if (Property(run, "suggestedDeletionIds") is { ValueKind: JsonValueKind.Array } deleted && deleted.GetArrayLength() > 0) return null;
            return String(run, "content");
        }
        if (Property(element, "person") is { } person)
        {
            var props = Property(person, "personProperties");
            return props is { } p ? String(p, "name") ?? String(p, "email") : null;
        }
        if (Property(element, "richLink") is { } link)
        {
            var props = Property(link, "richLinkProperties");
            return props is { } p ? String(p, "title") ?? String(p, "uri") : null;
        }
        if (Property(element, "dateElement") is { } date)
        {
            var props = Property(date, "dateElementProperties");
            return props is { } p ? String(p, "displayText") ?? String(p, "timestamp") : null;
        }
        if (Property(element, "inlineObjectElement") is not null) _droppedObjects++;
        return null; // autoText (page numbers), footnote references, breaks, equations
    }

    private static JsonElement? ElementStyle(JsonElement element)
    {
        foreach (var kind in (ReadOnlySpan<string>)["textRun", "person", "richLink", "dateElement"])
        {
            if (Property(element, kind) is { } inner) return Property(inner, "textStyle");
        }
        return null;
    }

    private TableBlock ReadTable(JsonElement table)
    {
        var rows = new List<IReadOnlyList<string>>();
        var boldFirstRow = false;
        var headerRows = 0;
        var countingHeaders = true;
        var columns = Property(table, "columns") is { ValueKind: JsonValueKind.Number } c && c.TryGetInt32(out var cc) ? cc : 0;

        foreach (var row in Property(table, "tableRows") is { ValueKind: JsonValueKind.Array } tableRows ? tableRows.EnumerateArray() : default)
        {
            countingHeaders &= Property(row, "tableRowStyle") is { } rs && True(rs, "tableHeader");
            if (countingHeaders) headerRows++;

            var cells = new List<string>();
            var rowBold = true;
            var rowHasText = false;
            foreach (var cell in Property(row, "tableCells") is { ValueKind: JsonValueKind.Array } tableCells ? tableCells.EnumerateArray() : default)
            {
                var (text, bold) = CellText(cell);
                cells.Add(text);
                if (text.Length > 0) { rowHasText = true; rowBold &= bold; }
                var span = Property(cell, "tableCellStyle") is { } cs && Property(cs, "columnSpan") is { ValueKind: JsonValueKind.Number } sp && sp.TryGetInt32(out var s) ? s : 1;
                // Keep columns aligned when the API leaves out the cells a span covers.
                for (var i = 1; i < span && cells.Count < columns; i++) cells.Add("");
            }
            if (rows.Count == 0) boldFirstRow = rowHasText && rowBold;
            rows.Add(cells);
        }

        if (headerRows == 0 && rows.Count > 1 && boldFirstRow) headerRows = 1;
        return new TableBlock(rows) { HeaderRows = Math.Min(headerRows, rows.Count) };
    }

    private (string Text, bool AllBold) CellText(JsonElement cell)
    {
        var parts = new List<string>();
        var allBold = true;
        foreach (var element in Property(cell, "content") is { ValueKind: JsonValueKind.Array } content ? content.EnumerateArray() : default)
        {
            if (Property(element, "paragraph") is { } paragraph)
            {
                var (text, bold, _) = ParagraphText(paragraph);
                if (text.Length == 0) continue;
                parts.Add(text);
                allBold &= bold;
            }
            else if (Property(element, "table") is { } nested)
            {
                foreach (var row in ReadTable(nested).Rows)
                {
                    var line = string.Join(" | ", row.Where(t => t.Length > 0));
                    if (line.Length > 0) parts.Add(line);
                }
                allBold = false;
            }
        }
        return (string.Join('\n', parts), parts.Count > 0 && allBold);
    }

    /// <summary>Collapses whitespace (runs end in "\n", soft breaks are "\v") and trims.</summary>
    private static string Clean(StringBuilder text)
    {
        var result = new StringBuilder(text.Length);
        var space = false;
        foreach (var ch in text.ToString())
        {
            if (char.IsWhiteSpace(ch)) { space = result.Length > 0; continue; }
            if (space) result.Append(' ');
            space = false;
            result.Append(ch);
        }
        return result.ToString();
    }
}
