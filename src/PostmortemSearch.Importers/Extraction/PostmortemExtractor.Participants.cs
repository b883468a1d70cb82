using System.Text.RegularExpressions;
using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Importers.Extraction;

/// <summary>
/// Participants: who attended the review or responded to the incident, wherever the document lists them — a
/// "Participants: A, B and C" pair (line, front matter, page property, two-column table), a section headed like
/// "Attendees" / "People involved" / "Responders" (a list, lines or a Name | Role table), or a table column so headed.
/// Roles written beside a name ("Dana Ortiz (IC)", "Lee — scribe", "Sam: comms") are not part of the name.
/// </summary>
public static partial class PostmortemExtractor
{
    private static bool IsParticipantSection(RawSection section) =>
        section.Field == SectionField.Metadata && section.Heading.Length > 0 && MetadataKeys.Classify(section.Heading) == MetaField.Participants;

    private static List<string> ParticipantsOf(List<RawSection> sections, MetadataCollector meta)
    {
        var names = new List<string>();
        foreach (var value in meta.All(MetaField.Participants)) names.AddRange(NamesInLine(value));
        foreach (var section in sections)
        {
            var whole = IsParticipantSection(section);
            foreach (var block in section.Blocks)
            {
                switch (block)
                {
                    case ListBlock list when whole:
                        // One person per item; an item may still list several ("Alice, Bob").
                        foreach (var item in list.Items) names.AddRange(NamesInLine(item.Text));
                        break;
                    case ParagraphBlock p when whole:
                        foreach (var line in p.Text.Split('\n')) names.AddRange(NamesInLine(line));
                        break;
                    case TableBlock table:
                        names.AddRange(NamesInTable(table, whole));
                        break;
                }
            }
        }
        return [.. names.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>"Alice Moreau (IC), Bob Tran" or "Alice Moreau — incident commander": names before their roles.</summary>
    private static IEnumerable<string> NamesInLine(string line) =>
        // A table cell or property value may hold one name per paragraph.
        line.Contains('\n', StringComparison.Ordinal) ? line.Split('\n').SelectMany(NamesInLine) : NamesInOneLine(line);

    private static IEnumerable<string> NamesInOneLine(string line)
    {
        var text = line.Trim();
        // "Attendees: A, B" written inside the section repeats its key.
        if (KeyValueish().Match(text) is { Success: true } key && MetadataKeys.Classify(text[..(key.Length - 2)]) == MetaField.Participants) text = text[key.Length..];
        // Split first, then drop each part's role: "A - IC, B - scribe" is two people; a part that is only a role
        // ("incident commander, on-call") has no capital letter and is no name.
        return SplitList(text).Select(part => RoleAfterName().Match(part) is { Success: true } m ? m.Groups["name"].Value : part)
            .Select(ParticipantName).OfType<string>();
    }

    /// <summary>
    /// A table under a participant heading: its name column (Name, Participant, Attendee, Person, Who…) or else the
    /// first; elsewhere only a column headed like "Participants" counts.
    /// </summary>
    private static IEnumerable<string> NamesInTable(TableBlock table, bool participantSection)
    {
        if (table.Rows.Count == 0) return [];
        var header = table.Rows[0];
        var column = -1;
        for (var i = 0; i < header.Count && column < 0; i++)
            if (MetadataKeys.Classify(header[i]) == MetaField.Participants) column = i;
        if (column < 0 && participantSection)
        {
            for (var i = 0; i < header.Count && column < 0; i++)
                if (NameHeader().IsMatch(header[i].Trim())) column = i;
            // No header names the column: the table is names (and perhaps roles), header row included.
            if (column < 0) return table.Rows.SelectMany(r => r.Count > 0 ? NamesInLine(r[0]) : []);
        }
        // A two-column key/value table ("Participants | A, B" among other keys) is metadata, read through the pairs.
        if (column < 0 || (!participantSection && column == 0 && table.Rows.All(r => r.Count == 2))) return [];
        return table.Rows.Skip(1).SelectMany(r => column < r.Count ? NamesInLine(r[column]) : []);
    }

    /// <summary>A person (or team) as written, without markup; null for placeholders, counts and sentences.</summary>
    private static string? ParticipantName(string raw)
    {
        var name = raw.Trim().Trim('*', '_', '`', '•', '-', ' ', '.', ';').Trim();
        name = Parenthesised().Replace(name, "").Trim();
        if (name.Length is 0 or > 60 || name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 5) return null;
        if (!name.Any(char.IsUpper) && !name.Contains('@', StringComparison.Ordinal) && !name.Contains('.', StringComparison.Ordinal)) return null;
        if (NotAName().IsMatch(name)) return null;
        return name;
    }

    [GeneratedRegex(@"^(?<name>.+?)\s*(?:\s[-–—]\s|:\s|\s\|\s)\s*\S")]
    private static partial Regex RoleAfterName();

    [GeneratedRegex(@"\s*\([^)]*\)")]
    private static partial Regex Parenthesised();

    [GeneratedRegex(@"^(names?|participants?|attendees?|persons?|people|who|responders?|members?|full names?)$", RegexOptions.IgnoreCase)]
    private static partial Regex NameHeader();

    [GeneratedRegex(@"^(tbd|tba|n/?a|none|nobody|unknown|-+|\?+|<[^>]*>|\[[^\]]*\]|\d+\s*(people|persons|attendees|participants)?|(and )?others|etc\.?|name|role)$", RegexOptions.IgnoreCase)]
    private static partial Regex NotAName();
}
