using System.Text;
using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Importers.Extraction;

/// <summary>Plain-text rendering of outline blocks, as stored in <c>sections[].text</c> and the prose fields.</summary>
internal static class BlockText
{
    public static string Render(IEnumerable<Block> blocks)
    {
        var sb = new StringBuilder();
        foreach (var block in blocks)
        {
            var text = Render(block);
            if (text.Length == 0) continue;
            if (sb.Length > 0) sb.Append("\n\n");
            sb.Append(text);
        }
        return sb.ToString();
    }

    public static string Render(Block block) => block switch
    {
        HeadingBlock h => h.Text,
        ParagraphBlock p => p.Text,
        ListBlock l => string.Join('\n', l.Items.Select(i => new string(' ', i.Level * 2) + (i.Checked switch { true => "[x] ", false => "[ ] ", _ => "- " }) + i.Text)),
        TableBlock t => string.Join('\n', t.Rows.Select(r => string.Join(" | ", r.Where(c => c.Length > 0)))),
        CodeBlock c => c.Text.TrimEnd(),
        _ => "",
    };

    /// <summary>Items of a section read as a list: list items, else paragraphs (one statement each), else table rows.</summary>
    public static List<string> Items(IEnumerable<Block> blocks)
    {
        var items = new List<string>();
        foreach (var block in blocks)
        {
            switch (block)
            {
                case ListBlock list:
                    foreach (var item in list.Items)
                    {
                        if (item.Level > 0 && items.Count > 0) items[^1] = items[^1] + " " + item.Text;
                        else if (item.Text.Length > 0) items.Add(item.Text);
                    }
                    break;
                case ParagraphBlock p when p.Text.Length > 0 && !IsLeadIn(p.Text):
                    items.Add(p.Text.Replace('\n', ' '));
                    break;
                case TableBlock t:
                    foreach (var row in t.Rows.Skip(t.HeaderRows))
                    {
                        var cells = row.Where(c => c.Length > 0).ToList();
                        if (cells.Count > 0) items.Add(string.Join(": ", cells));
                    }
                    break;
            }
        }
        return items;
    }

    /// <summary>"The following factors contributed:" introduces a list; it is not itself a statement.</summary>
    private static bool IsLeadIn(string text) => text.EndsWith(':') && text.Length < 120;
}
