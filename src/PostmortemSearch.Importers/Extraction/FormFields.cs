using System.Text.RegularExpressions;

namespace PostmortemSearch.Importers.Extraction;

/// <summary>
/// The fields of a reporting form as its text shows them: a label ("Full name:", "Date and Time Detected:") with a
/// value after it on the same line or the next, or left blank; an unticked choice ("☐ Denial of Service"). A form
/// nobody filled in is many blank labels and (almost) no values — whatever general guidance sits above them.
/// </summary>
internal readonly partial record struct FormFields(int Blank, int Filled)
{
    /// <summary>Five or more blank fields, and at least three blank for each one filled in.</summary>
    public bool Unfilled => Blank >= 5 && Filled * 3 < Blank;

    public static FormFields Read(string text)
    {
        var blank = 0;
        var filled = 0;
        var pendingLabel = false;
        foreach (var line in (text.Length > 50_000 ? text[..50_000] : text).Split('\n'))
        {
            var cells = line.Split(" | ");
            var lineIsValue = false;
            foreach (var raw in cells)
            {
                var cell = raw.Trim();
                if (cell.Length == 0) continue;
                if (IsChoice(cell)) { blank++; continue; }
                if (cell.EndsWith(':') && Words(cell) <= 14) { blank++; continue; }
                if (Labelled().Match(cell) is { Success: true } m && !PostmortemEvidence.IsPrompt(m.Groups["value"].Value)) { filled++; continue; }
                if (cells.Length == 1 && !cell.StartsWith('(') && !PostmortemEvidence.IsPrompt(cell)) lineIsValue = true;
            }
            // "Description of Incident:" followed by a line of text: that line is the field's value.
            if (pendingLabel && lineIsValue) { filled++; blank--; }
            pendingLabel = cells.Length == 1 && cells[0].Trim() is { Length: > 0 } only && only.EndsWith(':') && !IsChoice(only);
        }
        return new FormFields(Math.Max(blank, 0), filled);
    }

    private static bool IsChoice(string cell) => cell[0] is '☐' or '□' or '❏' or '◻' || cell.StartsWith("[ ]", StringComparison.Ordinal);

    private static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>"Label: value" with a short label.</summary>
    [GeneratedRegex(@"^[^:]{1,60}:\s+(?<value>\S.*)$")]
    private static partial Regex Labelled();
}
