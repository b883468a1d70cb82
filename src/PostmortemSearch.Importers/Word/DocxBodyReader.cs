using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers.Outline;
using ListItem = PostmortemSearch.Importers.Outline.ListItem;

namespace PostmortemSearch.Importers.Word;

/// <summary>
/// Turns a document body into outline blocks. Two steps: first every paragraph is read with what its
/// style says (role, bold, list membership), then blocks are assembled — because whether a bold line
/// is a heading depends on whether the document uses heading styles anywhere.
/// </summary>
internal sealed class DocxBodyReader(WordStyles styles, WordNumbering numbering)
{
    /// <summary>A heading-styled paragraph longer than this is body text someone styled by mistake.</summary>
    internal const int MaxHeadingLength = 150;
    /// <summary>The longest all-bold paragraph taken as a heading in documents without heading styles.</summary>
    internal const int MaxBoldHeadingLength = 80;
    private const string W14Namespace = "http://schemas.microsoft.com/office/word/2010/wordml";

    private sealed record ListMark(int NumId, int Level, bool Ordered);
    private sealed record Para(string Text, StyleRole Role, bool AllBold, ListMark? List);

    private readonly List<object> _pieces = [];
    private readonly List<Diagnostic> _diagnostics = [];

    /// <param name="HeadingsFromBold">True when the document has no heading styles and its headings are bold lines.</param>
    public sealed record Result(string? Title, IReadOnlyList<Block> Blocks, IReadOnlyList<Diagnostic> Diagnostics, bool HeadingsFromBold = false);

    public Result Read(Body body)
    {
        ReadContainer(body);
        return Assemble();
    }

    private void ReadContainer(OpenXmlElement container)
    {
        foreach (var child in container.ChildElements)
        {
            switch (child)
            {
                case Paragraph p: _pieces.Add(Leniently(p, () => ReadParagraph(p), () => new Para(Clean(new StringBuilder(p.InnerText)), StyleRole.Body, false, null))); break;
                case Table t: _pieces.Add(Leniently(t, () => ReadTable(t), () => PlainTable(t))); break;
                case SdtBlock sdt: ReadContainer((OpenXmlElement?)sdt.SdtContentBlock ?? sdt); break;
                case CustomXmlBlock xml: ReadContainer(xml); break;
                case AltChunk: _diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, "an embedded alternative-format chunk (altChunk) was skipped")); break;
            }
        }
    }

    /// <summary>
    /// Reads one block; a value the SDK cannot parse anywhere in it (an enumeration it does not know, a number out of
    /// range) costs that block its formatting, with a diagnostic, and never the document.
    /// </summary>
    private T Leniently<T>(OpenXmlElement element, Func<T> read, Func<T> plain)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException or ArgumentException)
        {
            _diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning,
                $"a Word {(element is Table ? "table" : "paragraph")} has a value the reader cannot parse ({e.Message}); read as plain text: \"{Shorten(Clean(new StringBuilder(element.InnerText)))}\""));
            return plain();
        }
    }

    /// <summary>A table read from its cells' text alone, for when its properties cannot be parsed.</summary>
    private static TableBlock PlainTable(Table table) =>
        new([.. table.Descendants<TableRow>().Select(r => (IReadOnlyList<string>)[.. r.Elements<TableCell>().Select(c => Clean(new StringBuilder(string.Join("\n", c.Elements<Paragraph>().Select(p => p.InnerText)))))])]);

    private Para ReadParagraph(Paragraph p)
    {
        var styleId = styles.ParagraphStyleId(p);
        var (text, allBold) = ParagraphText(p, styleId);
        return new Para(text, styles.Role(p), allBold, ListMarkOf(p, styleId));
    }

    private ListMark? ListMarkOf(Paragraph p, string? styleId)
    {
        var numPr = p.ParagraphProperties?.NumberingProperties;
        var (styleNumId, styleLevel) = styles.StyleNumbering(styleId);
        var numId = numPr?.NumberingId?.Val?.Value ?? styleNumId;
        if (numId is null or 0) return null; // numId 0 is Word's "numbering removed"
        var level = numPr?.NumberingLevelReference?.Val?.Value ?? styleLevel ?? 0;
        return new ListMark(numId.Value, level, numbering.IsOrdered(numId.Value, level));
    }

    private (string Text, bool AllBold) ParagraphText(Paragraph p, string? styleId)
    {
        var text = new StringBuilder();
        var allBold = true;
        var anyText = false;
        Collect(p);
        return (Clean(text), anyText && allBold);

        void Collect(OpenXmlElement element)
        {
            foreach (var child in element.ChildElements)
            {
                switch (child)
                {
                    case Run run:
                        var before = text.Length;
                        AppendRun(run, text);
                        if (HasVisibleText(text, before))
                        {
                            anyText = true;
                            allBold &= styles.IsBold(run, styleId);
                        }
                        break;
                    case DeletedRun or MoveFromRun or ParagraphProperties:
                        break; // tracked deletions are not the document's text
                    case SdtRun sdt when CheckboxState(sdt) is bool isChecked:
                        text.Append(isChecked ? '☒' : '☐');
                        break;
                    case SdtProperties or SdtEndCharProperties:
                        break;
                    default:
                        Collect(child); // ins, hyperlinks, fields, smart tags, inline content controls
                        break;
                }
            }
        }
    }

    private static bool HasVisibleText(StringBuilder text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i])) return true;
        }
        return false;
    }

    private static void AppendRun(Run run, StringBuilder text)
    {
        foreach (var child in run.ChildElements)
        {
            switch (child)
            {
                case Text t: text.Append(t.Text); break;
                case TabChar or Break or CarriageReturn or PositionalTab: text.Append(' '); break;
                case NoBreakHyphen: text.Append('-'); break;
                case SymbolChar sym: text.Append(SymbolText(sym)); break;
                // DeletedText, FieldCode (instrText), drawings and footnote references carry no body text.
            }
        }
    }

    /// <summary>Checkboxes typed with Word's symbol fonts, the only symbols an outline cares about.</summary>
    private static string SymbolText(SymbolChar sym) => sym.Char?.Value?.ToUpperInvariant() switch
    {
        "F0A8" or "F06F" or "F071" => "☐",
        "F0FE" or "F078" or "F0FD" => "☒",
        _ => "",
    };

    /// <summary>A w14:checkbox content control's state, or null for other controls.</summary>
    private static bool? CheckboxState(SdtRun sdt)
    {
        var checkbox = sdt.SdtProperties?.ChildElements.FirstOrDefault(e => e.LocalName == "checkbox" && e.NamespaceUri == W14Namespace);
        if (checkbox is null) return null;
        var isChecked = checkbox.ChildElements.FirstOrDefault(e => e.LocalName == "checked");
        var value = isChecked?.GetAttributes().FirstOrDefault(a => a.LocalName == "val").Value;
        return value is "1" or "true" or "on";
    }

    private static string Clean(StringBuilder text)
    {
        var result = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.ToString())
        {
            if (char.IsWhiteSpace(c)) { space = result.Length > 0; continue; }
            if (space) result.Append(' ');
            space = false;
            result.Append(c);
        }
        return result.ToString();
    }

    private TableBlock ReadTable(Table table)
    {
        var rows = new List<IReadOnlyList<string>>();
        var boldRows = new List<bool>();
        var headerRows = 0;
        var countingHeaders = true;
        var verticalTexts = new Dictionary<int, string>();

        foreach (var row in Unwrap<TableRow>(table))
        {
            if (row.TableRowProperties?.GetFirstChild<Deleted>() is not null) continue; // tracked row deletion
            var isHeader = row.TableRowProperties?.GetFirstChild<TableHeader>() is { } h && WordValues.IsOn(h.Val);
            countingHeaders &= isHeader;
            if (countingHeaders) headerRows++;

            var cells = new List<string>();
            var column = WordValues.Read(() => row.TableRowProperties?.GetFirstChild<GridBefore>()?.Val?.Value) ?? 0;
            cells.AddRange(Enumerable.Repeat("", column));
            var rowBold = true;
            var rowHasText = false;
            foreach (var cell in Unwrap<TableCell>(row))
            {
                var span = Math.Max(1, WordValues.Read(() => cell.TableCellProperties?.GridSpan?.Val?.Value) ?? 1);
                var merge = cell.TableCellProperties?.VerticalMerge;
                var (text, bold) = CellText(cell);
                if (merge is not null && (merge.Val?.InnerText is null or "" || merge.Val.InnerText.Equals("continue", StringComparison.OrdinalIgnoreCase)))
                {
                    // A vertically merged cell belongs to every row it spans: an owner merged over three action items owns all three.
                    text = verticalTexts.GetValueOrDefault(column, "");
                }
                else
                {
                    verticalTexts[column] = text;
                    if (text.Length > 0) { rowHasText = true; rowBold &= bold; }
                }
                cells.Add(text);
                // A horizontal span keeps its text once; empty cells keep the columns aligned.
                cells.AddRange(Enumerable.Repeat("", span - 1));
                column += span;
            }
            rows.Add(cells);
            boldRows.Add(rowHasText && rowBold);
        }

        if (headerRows == 0 && rows.Count > 1 && boldRows[0]) headerRows = 1;
        return new TableBlock(rows) { HeaderRows = Math.Min(headerRows, rows.Count) };
    }

    private (string Text, bool AllBold) CellText(OpenXmlElement container)
    {
        var parts = new List<string>();
        var allBold = true;
        Collect(container);
        return (string.Join('\n', parts), parts.Count > 0 && allBold);

        void Collect(OpenXmlElement element)
        {
            foreach (var child in element.ChildElements)
            {
                switch (child)
                {
                    case Paragraph p:
                        var (text, bold) = ParagraphText(p, styles.ParagraphStyleId(p));
                        if (text.Length == 0) break;
                        parts.Add(text);
                        allBold &= bold;
                        break;
                    case Table nested:
                        foreach (var row in ReadTable(nested).Rows)
                        {
                            var line = string.Join(" | ", row.Where(c => c.Length > 0));
                            if (line.Length > 0) parts.Add(line);
                        }
                        allBold = false;
                        break;
                    case SdtBlock or SdtContentBlock or CustomXmlBlock or SdtCell or SdtContentCell:
                        Collect(child);
                        break;
                }
            }
        }
    }

    /// <summary>Rows and cells may sit inside content controls or custom XML; this yields them in document order.</summary>
    private static IEnumerable<T> Unwrap<T>(OpenXmlElement parent) where T : OpenXmlElement
    {
        foreach (var child in parent.ChildElements)
        {
            if (child is T match) yield return match;
            else if (child is SdtRow or SdtContentRow or SdtCell or SdtContentCell or CustomXmlRow or CustomXmlCell)
            {
                foreach (var nested in Unwrap<T>(child)) yield return nested;
            }
        }
    }

    private Result Assemble()
    {
        var hasHeadingStyles = _pieces.OfType<Para>().Any(p => p.Role.HeadingLevel is not null && p.Text.Length > 0);
        var blocks = new List<Block>();
        var list = new List<ListItem>();
        ListMark? listMark = null;
        string? title = null;

        foreach (var piece in _pieces)
        {
            if (piece is not Para para)
            {
                FlushList();
                blocks.Add((Block)piece);
                continue;
            }
            if (para.Text.Length == 0) { FlushList(); continue; }

            var (isChecked, text) = SplitCheckbox(para.Text);
            if ((para.List is not null || isChecked is not null) && !para.Role.IsTitle && para.Role.HeadingLevel is null)
            {
                var mark = para.List ?? new ListMark(-1, 0, false);
                if (listMark is not null && mark.NumId != listMark.NumId && mark.Level == 0) FlushList();
                listMark ??= mark;
                list.Add(new ListItem(text, mark.Level) { Checked = isChecked });
                continue;
            }

            FlushList();
            if (para.Role.IsTitle)
            {
                if (title is null) title = para.Text;
                else blocks.Add(new HeadingBlock(1, para.Text));
            }
            else if (para.Role.HeadingLevel is int level && para.Text.Length <= MaxHeadingLength)
            {
                blocks.Add(new HeadingBlock(level, para.Text));
            }
            else if (para.Role.HeadingLevel is not null)
            {
                blocks.Add(new ParagraphBlock(para.Text) { AllBold = para.AllBold });
                _diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, $"a {para.Text.Length}-character paragraph styled as a heading was read as body text: \"{Shorten(para.Text)}\""));
            }
            // A bold date line ("Tuesday 2 September 2025") groups the timeline items under it; it is not a section.
            else if (!hasHeadingStyles && para.AllBold && para.Text.Length <= MaxBoldHeadingLength && !Extraction.DateTimeText.IsDateLine(para.Text))
            {
                blocks.Add(new HeadingBlock(2, para.Text));
            }
            else
            {
                blocks.Add(new ParagraphBlock(para.Text) { AllBold = para.AllBold });
            }
        }
        FlushList();
        return new Result(title, blocks, _diagnostics, HeadingsFromBold: !hasHeadingStyles);

        void FlushList()
        {
            if (list.Count == 0) return;
            var isTask = list.Any(i => i.Checked is not null);
            blocks.Add(new ListBlock([.. list]) { Ordered = listMark!.Ordered && !isTask, IsTaskList = isTask });
            list.Clear();
            listMark = null;
        }
    }

    private static (bool? Checked, string Text) SplitCheckbox(string text) => text[0] switch
    {
        '☐' => (false, text[1..].TrimStart()),
        '☑' or '☒' => (true, text[1..].TrimStart()),
        _ => (null, text),
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "…";
}
