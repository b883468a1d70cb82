using System.Globalization;
using System.Text;
using HtmlAgilityPack;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Importers.Html;

/// <summary>
/// Turns an HTML subtree into outline blocks: headings, paragraphs (with all-bold detection), nested and task
/// lists, tables with header rows, code. Every walk keeps its own stack, so nesting depth costs heap, not the
/// call stack; every node is visited a bounded number of times, so time grows linearly with the input.
/// </summary>
internal sealed class HtmlOutlineBuilder
{
    private static readonly HashSet<string> InlineElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd",
        "label", "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u",
        "var", "wbr", "o:p",
    };

    private static readonly HashSet<string> IgnoredElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "head", "title", "noscript", "template", "svg", "math", "iframe", "object", "embed",
        "button", "input", "select", "textarea", "canvas", "video", "audio", "xml", "meta", "link",
    };

    private readonly HtmlDialect _dialect;
    private readonly HtmlOutlineContext _context;
    private readonly List<Block> _blocks = [];
    private readonly InlineText _paragraph = new();
    private PendingList? _pendingList;
    private int _images;

    private HtmlOutlineBuilder(HtmlDialect dialect, HtmlOutlineContext context)
    {
        _dialect = dialect;
        _context = context;
    }

    /// <summary>The blocks of <paramref name="root"/>'s content, in reading order.</summary>
    public static IReadOnlyList<Block> Build(HtmlNode root, HtmlDialect dialect, HtmlOutlineContext context)
    {
        var builder = new HtmlOutlineBuilder(dialect, context);
        builder.Walk(root);
        builder.FlushParagraph();
        builder.ClosePendingList();
        if (builder._images > 0)
            context.Add(DiagnosticSeverity.Info, string.Create(CultureInfo.InvariantCulture, $"{builder._images} image(s) not imported (text only)"));
        return builder._blocks;
    }

    private readonly record struct Frame(HtmlNode? Node, bool Bold);

    private void Walk(HtmlNode root)
    {
        var stack = new Stack<Frame>();
        PushChildren(stack, root, bold: false);
        while (stack.Count > 0)
        {
            var (node, inheritedBold) = stack.Pop();
            if (node is null)
            {
                FlushParagraph();
                continue;
            }
            if (node.NodeType == HtmlNodeType.Text)
            {
                _paragraph.AppendSource(((HtmlTextNode)node).Text, inheritedBold);
                continue;
            }
            if (node.NodeType != HtmlNodeType.Element || IsSkipped(node)) continue;

            if (_dialect.ReplaceBlock(node, _context) is { } replacement)
            {
                FlushParagraph();
                Emit(replacement);
                continue;
            }
            if (_dialect.ReplaceInline(node, _context) is { } inline)
            {
                _paragraph.Append(inline, inheritedBold);
                continue;
            }
            var bold = BoldOf(node, inheritedBold);
            if (_dialect.ListKind(node) is { } listKind)
            {
                FlushParagraph();
                ReadList(node, listKind, bold);
                continue;
            }
            var name = node.Name;
            if (HeadingLevel(name) is { } level)
            {
                FlushParagraph();
                var heading = CollectText(node, bold, excludeLists: false);
                if (heading.Text.Length > 0) Emit(new HeadingBlock(level, heading.Text));
                continue;
            }
            switch (name)
            {
                case "pre":
                    FlushParagraph();
                    var code = CodeText(node);
                    if (code.Length > 0) Emit(new CodeBlock(code) { Language = _dialect.CodeLanguage(node) ?? LanguageClass(node) });
                    continue;
                case "table":
                    FlushParagraph();
                    ReadTable(node, bold, stack);
                    continue;
                case "br":
                    _paragraph.Break();
                    continue;
                case "hr":
                    FlushParagraph();
                    continue;
            }
            if (InlineElements.Contains(name))
            {
                PushChildren(stack, node, bold);
                continue;
            }
            FlushParagraph();
            stack.Push(new Frame(null, false));
            PushChildren(stack, node, bold);
        }
    }

    private bool IsSkipped(HtmlNode element)
    {
        if (IgnoredElements.Contains(element.Name)) return true;
        if (HtmlTree.IsNamed(element, "img"))
        {
            if (!HtmlTree.HasClass(element, "emoticon")) _images++;
            return true;
        }
        return _dialect.IsDropped(element, _context);
    }

    private static void PushChildren(Stack<Frame> stack, HtmlNode node, bool bold)
    {
        var children = node.ChildNodes;
        for (var i = children.Count - 1; i >= 0; i--) stack.Push(new Frame(children[i], bold));
    }

    private static int? HeadingLevel(string name) =>
        name.Length == 2 && (name[0] is 'h' or 'H') && name[1] is >= '1' and <= '6' ? name[1] - '0' : null;

    private bool BoldOf(HtmlNode element, bool inherited) =>
        _dialect.IsBold(element) ?? StyleBold(element) ?? (HtmlTree.IsNamed(element, "b") || HtmlTree.IsNamed(element, "strong") ? true : inherited);

    /// <summary>The font-weight an inline style sets, if any (clipboard HTML marks bold only this way).</summary>
    internal static bool? StyleBold(HtmlNode element)
    {
        var style = element.GetAttributeValue("style", "");
        return style.Length == 0 ? null : FontWeightIsBold(style);
    }

    /// <summary>Reads <c>font-weight</c> from CSS declarations: true for bold/600+, false for normal/lighter/below 600, null if absent.</summary>
    internal static bool? FontWeightIsBold(string declarations)
    {
        bool? result = null;
        foreach (var declaration in declarations.Split(';'))
        {
            var colon = declaration.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || !declaration[..colon].Trim().Equals("font-weight", StringComparison.OrdinalIgnoreCase)) continue;
            var value = declaration[(colon + 1)..].Replace("!important", "", StringComparison.OrdinalIgnoreCase).Trim().ToUpperInvariant();
            result = value switch
            {
                "BOLD" or "BOLDER" => true,
                "NORMAL" or "LIGHTER" => false,
                _ when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var weight) => weight >= 600,
                _ => result,
            };
        }
        return result;
    }

    private void FlushParagraph()
    {
        if (!_paragraph.HasContent)
        {
            _paragraph.Clear();
            return;
        }
        var text = _paragraph.Text;
        var allBold = _paragraph.AllBold;
        _paragraph.Clear();
        if (text.Length > 0) Emit(new ParagraphBlock(text) { AllBold = allBold });
    }

    private void Emit(Block block)
    {
        ClosePendingList();
        _blocks.Add(block);
    }

    private void ClosePendingList()
    {
        if (_pendingList is not { } pending) return;
        _pendingList = null;
        if (pending.Items.Count > 0)
            _blocks.Add(new ListBlock(pending.Items) { Ordered = pending.Kind.Ordered, IsTaskList = pending.Kind.IsTaskList });
    }

    private sealed record PendingList(HtmlListKind Kind, List<ListItem> Items);

    private sealed class ListFrame(HtmlNode list, HtmlListKind kind, int level)
    {
        public HtmlNode List { get; } = list;
        public HtmlListKind Kind { get; } = kind;
        public int Level { get; } = level;
        public int Next { get; set; }
    }

    private void ReadList(HtmlNode list, HtmlListKind kind, bool bold)
    {
        var items = new List<ListItem>();
        var stack = new Stack<ListFrame>();
        stack.Push(new ListFrame(list, kind, kind.Level ?? 0));
        while (stack.Count > 0)
        {
            var frame = stack.Peek();
            if (frame.Next >= frame.List.ChildNodes.Count)
            {
                stack.Pop();
                continue;
            }
            var child = frame.List.ChildNodes[frame.Next++];
            if (child.NodeType != HtmlNodeType.Element || IsSkipped(child)) continue;
            if (_dialect.ListKind(child) is { } directlyNested)
            {
                stack.Push(new ListFrame(child, directlyNested, directlyNested.Level ?? frame.Level + 1));
                continue;
            }
            var text = CollectText(child, BoldOf(child, bold), excludeLists: true).Text;
            var item = new ListItem(text, frame.Level);
            if (frame.Kind.IsTaskList && _dialect.IsListItem(child)) item = _dialect.ReadTask(child, item, _context);
            if (text.Length > 0) items.Add(item);

            var nested = HtmlTree.Elements(child, prune: e => _dialect.ListKind(e) is not null || IsSkipped(e))
                .Where(e => _dialect.ListKind(e) is not null && !IsSkipped(e))
                .ToList();
            for (var i = nested.Count - 1; i >= 0; i--)
            {
                var nestedKind = _dialect.ListKind(nested[i])!;
                stack.Push(new ListFrame(nested[i], nestedKind, nestedKind.Level ?? frame.Level + 1));
            }
        }

        if (kind.GroupKey is not null && _pendingList is { } pending && pending.Kind.GroupKey == kind.GroupKey && !_paragraph.HasContent)
        {
            pending.Items.AddRange(items);
            return;
        }
        ClosePendingList();
        if (kind.GroupKey is not null) _pendingList = new PendingList(kind, items);
        else if (items.Count > 0) _blocks.Add(new ListBlock(items) { Ordered = kind.Ordered, IsTaskList = kind.IsTaskList });
    }

    private void ReadTable(HtmlNode table, bool bold, Stack<Frame> walk)
    {
        var rows = HtmlTree.Elements(table, prune: e => HtmlTree.IsNamed(e, "table") || HtmlTree.IsNamed(e, "tr"))
            .Where(e => HtmlTree.IsNamed(e, "tr"))
            .Select(tr => (Row: tr, Cells: tr.ChildNodes.Where(c => HtmlTree.IsNamed(c, "td") || HtmlTree.IsNamed(c, "th")).ToList()))
            .Where(r => r.Cells.Count > 0)
            .ToList();
        if (rows.Count == 0) return;

        // A one-column table is layout (a panel, a box around a task list): its content reads as blocks.
        if (rows.All(r => r.Cells.Count == 1))
        {
            for (var i = rows.Count - 1; i >= 0; i--)
            {
                walk.Push(new Frame(null, false));
                PushChildren(walk, rows[i].Cells[0], BoldOf(rows[i].Cells[0], bold));
            }
            return;
        }

        var grid = new List<IReadOnlyList<string>>();
        var header = new List<bool>();
        var spans = new Dictionary<int, int>();
        var firstRowAllBold = false;
        foreach (var (row, cells) in rows)
        {
            var texts = new List<string>();
            var column = 0;
            var allTh = true;
            var allBold = true;
            var anyText = false;
            foreach (var cell in cells)
            {
                FillSpanned(spans, texts, ref column);
                var (text, cellBold) = CollectText(cell, BoldOf(cell, bold), excludeLists: false);
                texts.Add(text);
                allTh &= HtmlTree.IsNamed(cell, "th");
                if (text.Length > 0)
                {
                    anyText = true;
                    allBold &= cellBold;
                }
                var colspan = Math.Clamp(cell.GetAttributeValue("colspan", 1), 1, 1000);
                var rowspan = Math.Clamp(cell.GetAttributeValue("rowspan", 1), 1, 10_000);
                for (var k = 1; k < colspan; k++) texts.Add("");
                if (rowspan > 1)
                    for (var k = 0; k < colspan; k++) spans[column + k] = rowspan - 1;
                column += colspan;
            }
            FillSpanned(spans, texts, ref column);
            if (!anyText) continue;
            if (grid.Count == 0) firstRowAllBold = allBold;
            grid.Add(texts);
            header.Add(allTh || (_dialect.TheadIsHeader && InThead(row, table)));
        }
        if (grid.Count == 0) return;

        var headerRows = header.TakeWhile(h => h).Count();
        if (headerRows == 0 && grid.Count > 1 && firstRowAllBold) headerRows = 1;
        Emit(new TableBlock(grid) { HeaderRows = headerRows });
    }

    private static void FillSpanned(Dictionary<int, int> spans, List<string> texts, ref int column)
    {
        while (spans.TryGetValue(column, out var remaining) && remaining > 0)
        {
            texts.Add("");
            if (remaining == 1) spans.Remove(column);
            else spans[column] = remaining - 1;
            column++;
        }
    }

    private static bool InThead(HtmlNode row, HtmlNode table)
    {
        for (var node = row.ParentNode; node is not null && node != table; node = node.ParentNode)
            if (HtmlTree.IsNamed(node, "thead")) return true;
        return false;
    }

    /// <summary>The flattened text of a subtree (a heading, an item, a cell) and whether all of it is bold.</summary>
    private (string Text, bool AllBold) CollectText(HtmlNode root, bool bold, bool excludeLists)
    {
        var text = new InlineText();
        var stack = new Stack<Frame>();
        PushChildren(stack, root, bold);
        while (stack.Count > 0)
        {
            var (node, inheritedBold) = stack.Pop();
            if (node is null)
            {
                text.Break();
                continue;
            }
            if (node.NodeType == HtmlNodeType.Text)
            {
                text.AppendSource(((HtmlTextNode)node).Text, inheritedBold);
                continue;
            }
            if (node.NodeType != HtmlNodeType.Element || IsSkipped(node)) continue;
            if (_dialect.ReplaceInline(node, _context) is { } inline)
            {
                text.Append(inline, inheritedBold);
                continue;
            }
            if (excludeLists && _dialect.ListKind(node) is not null) continue;
            if (HtmlTree.IsNamed(node, "br"))
            {
                text.Break();
                continue;
            }
            var nodeBold = BoldOf(node, inheritedBold);
            if (InlineElements.Contains(node.Name))
            {
                PushChildren(stack, node, nodeBold);
                continue;
            }
            text.Break();
            stack.Push(new Frame(null, false));
            PushChildren(stack, node, nodeBold);
        }
        return (text.Text, text.AllBold);
    }

    /// <summary>Preformatted text as written: whitespace kept, &lt;br&gt; as newline, outer blank lines trimmed.</summary>
    internal static string CodeText(HtmlNode pre)
    {
        var text = new StringBuilder();
        var stack = new Stack<HtmlNode>();
        HtmlTree.PushChildren(stack, pre);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node.NodeType == HtmlNodeType.Text) text.Append(HtmlTree.DecodeText(((HtmlTextNode)node).Text));
            else if (node.NodeType == HtmlNodeType.Element)
            {
                if (HtmlTree.IsNamed(node, "br")) text.Append('\n');
                else HtmlTree.PushChildren(stack, node);
            }
        }
        return text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n', '\r').TrimEnd();
    }

    private static string? LanguageClass(HtmlNode pre)
    {
        foreach (var node in new[] { pre }.Concat(pre.ChildNodes.Where(c => HtmlTree.IsNamed(c, "code"))))
            foreach (var cls in node.GetClasses())
                if (cls.StartsWith("language-", StringComparison.Ordinal) && cls.Length > 9) return cls[9..];
        return null;
    }

    /// <summary>Text being gathered for one paragraph, heading, item or cell, with how much of it is bold.</summary>
    private sealed class InlineText
    {
        private readonly StringBuilder _text = new();
        private int _boldChars;
        private int _plainChars;

        public bool HasContent => _boldChars + _plainChars > 0;
        public bool AllBold => _boldChars > 0 && _plainChars == 0;
        public string Text => HtmlTree.Normalize(_text.ToString());

        public void AppendSource(string raw, bool bold) => Append(HtmlTree.DecodeText(raw), bold);

        public void Append(string text, bool bold)
        {
            // Newlines in source text are plain whitespace; explicit breaks are added with Break().
            var visible = 0;
            foreach (var c in text)
                if (!char.IsWhiteSpace(c) && c != '\u200B') visible++;
            if (visible == 0 && !HasContent) return;
            _text.Append(text.Replace(HtmlTree.Break, ' '));
            if (bold) _boldChars += visible;
            else _plainChars += visible;
        }

        public void Break()
        {
            if (HasContent) _text.Append(HtmlTree.Break);
        }

        public void Clear()
        {
            _text.Clear();
            _boldChars = _plainChars = 0;
        }
    }
}
