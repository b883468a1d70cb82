using System.Text.RegularExpressions;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Importers.Extraction;

/// <summary>Action items from tables, task lists, bullet lines (<c>OPS-123 (owner, due 2025-04-01): text</c>) and paragraphs.</summary>
internal static partial class ActionItemExtractor
{
    public static List<ActionItem> FromBlocks(IReadOnlyList<Block> blocks, IReadOnlyList<TicketRef> tickets)
    {
        var items = new List<ActionItem>();
        // Once an action table or task list has given the items, what follows it in the section (an expand macro's
        // supporting data, a numbers table, notes) is not more items.
        var structured = false;
        for (var i = 0; i < blocks.Count; i++)
        {
            switch (blocks[i])
            {
                case TableBlock table when !structured || IsActionTable(table):
                    items.AddRange(FromTable(table, tickets));
                    structured |= IsActionTable(table) && items.Count > 0;
                    break;
                case ListBlock list when !structured || list.IsTaskList:
                    items.AddRange(FromList(list, tickets));
                    structured |= list.IsTaskList;
                    break;
                case ParagraphBlock p when !structured && p.Text.Length > 0 && !p.Text.EndsWith(':'):
                    // Word documents often write an item as a bold title paragraph followed by its description.
                    if (p.AllBold && i + 1 < blocks.Count && blocks[i + 1] is ParagraphBlock { AllBold: false } next)
                    {
                        items.Add(FromLine(p.Text.TrimEnd('.', ':') + ": " + next.Text, tickets));
                        i++;
                    }
                    else if (Commitments(p.Text, tickets) is { Count: > 0 } promised)
                    {
                        items.AddRange(promised);
                    }
                    else if (!IsProse(p.Text))
                    {
                        items.Add(FromLine(ActionLabel().Replace(p.Text, ""), tickets));
                    }
                    break;
            }
        }
        return items;
    }

    /// <summary>
    /// "Zainab Osei will add a per-key alert by 4 April 2025 (PAPI-220, not started).": items written as prose, one
    /// sentence each, with the owner as the subject.
    /// </summary>
    internal static List<ActionItem> Commitments(string text, IReadOnlyList<TicketRef> tickets)
    {
        var items = new List<ActionItem>();
        foreach (Match m in Commitment().Matches(text))
        {
            var body = m.Groups["text"].Value.Trim();
            var paren = m.Groups["paren"].Value;
            DateOnly? due = m.Groups["due"].Success && DateTimeText.TryParseDate(m.Groups["due"].Value, out var d) ? d : null;
            var ticket = TicketKey().Match(paren) is { Success: true } t ? t.Value : null;
            var statusText = paren.Split(',', ';').Select(x => x.Trim()).FirstOrDefault(x => x.Length > 0 && !TicketKey().IsMatch(x));
            var status = statusText is null ? ActionStatus.Unknown : StatusOf(statusText);
            var item = FromLine(body, tickets);
            items.Add(item with
            {
                Text = char.ToUpperInvariant(item.Text[0]) + item.Text[1..],
                Owner = m.Groups["owner"].Value,
                Due = due ?? item.Due,
                Ticket = ticket ?? item.Ticket,
                Status = status == ActionStatus.Unknown ? item.Status : status,
            });
        }
        return items;
    }

    [GeneratedRegex(@"(?<owner>\p{Lu}[\p{L}'\-]+(?: \p{Lu}[\p{L}'\-]+){0,2}) will (?<text>[^.()]+?)(?: by (?<due>(?:\d{4}-\d{2}-\d{2}|\d{1,2} [A-Za-z]{3,9},? \d{4}|[A-Za-z]{3,9} \d{1,2},? \d{4}|\d{1,2}/\d{1,2}/\d{4})))?\s*(?:\((?<paren>[^)]*)\))?\.")]
    private static partial Regex Commitment();

    [GeneratedRegex(@"^\s*(?:action|action item|todo|to do|task)\s*[:\-–]\s*", RegexOptions.IgnoreCase)]
    private static partial Regex ActionLabel();

    /// <summary>True for paragraphs that are sentences about the items rather than items ("We agreed on these follow-ups.").</summary>
    private static bool IsProse(string text) => text.Length > 400;

    public static IEnumerable<ActionItem> FromList(ListBlock list, IReadOnlyList<TicketRef> tickets)
    {
        ActionItem? current = null;
        foreach (var item in list.Items)
        {
            if (item.Level > 0 && current is not null)
            {
                current = Merge(current, FromLine(item.Text, tickets));
                continue;
            }
            if (current is not null) yield return current;
            var parsed = FromLine(item.Text, tickets);
            if (item.Checked is { } isChecked) parsed = parsed with { Status = isChecked ? ActionStatus.Done : ActionStatus.Open };
            if (item.Assignee is not null) parsed = parsed with { Owner = item.Assignee, Text = Without(parsed.Text, item.Assignee) };
            if (item.Due is not null) parsed = parsed with { Due = item.Due, Text = WithoutTrailingDate(parsed.Text) };
            current = parsed;
        }
        if (current is not null) yield return current;
    }

    private static ActionItem Merge(ActionItem parent, ActionItem child) => parent with
    {
        Text = parent.Text + " " + child.Text,
        Owner = parent.Owner ?? child.Owner,
        Due = parent.Due ?? child.Due,
        Ticket = parent.Ticket ?? child.Ticket,
        Status = parent.Status == ActionStatus.Unknown ? child.Status : parent.Status,
    };

    public static IEnumerable<ActionItem> FromTable(TableBlock table, IReadOnlyList<TicketRef> tickets)
    {
        if (table.Rows.Count == 0) yield break;
        var header = table.HeaderRows > 0 || LooksLikeHeader(table.Rows[0]) ? table.Rows[0] : null;
        int Col(Regex r) => header is null ? -1 : header.ToList().FindIndex(h => r.IsMatch(h.Trim()));
        var textCol = Col(TextHeader());
        var ownerCol = Col(OwnerHeader());
        var dueCol = Col(DueHeader());
        var statusCol = Col(StatusHeader());
        var ticketCol = Col(TicketHeader());
        var priorityCol = Col(PriorityHeader());
        var kindCol = Col(KindHeader());
        if (textCol < 0)
        {
            // No "action" header: the longest column is the description.
            var used = new[] { ownerCol, dueCol, statusCol, ticketCol, priorityCol, kindCol };
            var width = table.Rows.Max(r => r.Count);
            textCol = Enumerable.Range(0, width).Where(c => !used.Contains(c))
                .OrderByDescending(c => table.Rows.Skip(header is null ? 0 : 1).Sum(r => c < r.Count ? r[c].Length : 0))
                .DefaultIfEmpty(0).First();
        }
        foreach (var row in table.Rows.Skip(header is null ? 0 : Math.Max(1, table.HeaderRows)))
        {
            string? Cell(int c) => c >= 0 && c < row.Count && row[c].Trim().Length > 0 && !IsPlaceholder(row[c]) ? row[c].Trim() : null;
            var text = Cell(textCol);
            if (text is null) continue;
            var parsed = FromLine(text, tickets);
            var ticket = Cell(ticketCol) is { } t ? TicketKey().Match(t) is { Success: true } tm ? tm.Value : t : parsed.Ticket;
            var status = Cell(statusCol) is { } s ? StatusOf(s) : parsed.Status;
            if (status == ActionStatus.Unknown && ticket is not null) status = TicketStatus(ticket, tickets);
            yield return parsed with
            {
                Owner = Cell(ownerCol) is { } o ? CleanOwner(o) : parsed.Owner,
                Due = Cell(dueCol) is { } d && DateTimeText.TryParseDate(d, out var due) ? due : parsed.Due,
                Status = status,
                Ticket = ticket,
                Priority = Cell(priorityCol) ?? parsed.Priority,
                Kind = Cell(kindCol) ?? parsed.Kind,
            };
        }
    }

    /// <summary>Whether a table looks like an action-item table wherever it stands in the document.</summary>
    public static bool IsActionTable(TableBlock table)
    {
        if (table.Rows.Count < 2) return false;
        var header = table.Rows[0];
        return header.Any(h => TextHeader().IsMatch(h.Trim())) && header.Any(h => OwnerHeader().IsMatch(h.Trim()) || DueHeader().IsMatch(h.Trim()) || StatusHeader().IsMatch(h.Trim()));
    }

    private static bool LooksLikeHeader(IReadOnlyList<string> row) =>
        row.Count(h => TextHeader().IsMatch(h.Trim()) || OwnerHeader().IsMatch(h.Trim()) || DueHeader().IsMatch(h.Trim()) || StatusHeader().IsMatch(h.Trim()) || TicketHeader().IsMatch(h.Trim())) >= 2;

    /// <summary>Reads one line: ticket key, owner, due date and status wherever the line writes them; the rest is the text.</summary>
    public static ActionItem FromLine(string line, IReadOnlyList<TicketRef> tickets)
    {
        var text = line.Replace('\n', ' ').Trim();
        string? owner = null, ticket = null, priority = null;
        DateOnly? due = null;
        var status = ActionStatus.Unknown;

        var labelled = LabelledParen().Match(text);
        var paren = OwnerDueParen().Match(text);
        if (labelled.Success && LabelledFields(labelled.Groups["body"].Value) is { } fields)
        {
            // "(Owner: X, Due: 2025-04-01, Status: Open)": every part names its field, in any order.
            owner = fields.Owner;
            due = fields.Due;
            status = fields.Status;
            ticket = fields.Ticket;
            priority = fields.Priority;
            text = Cut(text, labelled.Index, labelled.Length);
        }
        else if (paren.Success)
        {
            owner = CleanOwner(paren.Groups["owner"].Value);
            if (DateTimeText.TryParseDate(paren.Groups["due"].Value, out var d)) due = d;
            if (paren.Groups["status"].Success) status = StatusOf(paren.Groups["status"].Value);
            text = Cut(text, paren.Index, paren.Length);
        }
        else if (DashSeparated(text) is { } parts)
        {
            // "EDGE-120: Alert on renewal failures — Jonas Berg — due 2025-10-24 — Done"
            text = parts.Text;
            owner = parts.Owner;
            due = parts.Due;
            status = parts.Status;
        }
        var trailing = TrailingStatus().Match(text);
        if (status == ActionStatus.Unknown && trailing.Success)
        {
            status = StatusOf(trailing.Groups["status"].Value);
            text = text[..trailing.Index];
        }
        var ownerMatch = OwnerLabel().Match(text);
        if (owner is null && ownerMatch.Success)
        {
            owner = CleanOwner(ownerMatch.Groups["owner"].Value);
            text = Cut(text, ownerMatch.Index, ownerMatch.Length);
        }
        var dueMatch = DueLabel().Match(text);
        if (dueMatch.Success && DateTimeText.TryParseDate(dueMatch.Groups["due"].Value, out var dd))
        {
            due ??= dd;
            text = Cut(text, dueMatch.Index, dueMatch.Length);
        }
        var statusMatch = StatusLabel().Match(text);
        if (statusMatch.Success)
        {
            status = StatusOf(statusMatch.Groups["status"].Value);
            text = Cut(text, statusMatch.Index, statusMatch.Length);
        }
        var mention = Mention().Match(text);
        if (owner is null && mention.Success)
        {
            owner = mention.Groups["owner"].Value;
            text = Cut(text, mention.Index, mention.Length);
        }
        var priorityMatch = PriorityLabel().Match(text);
        if (priorityMatch.Success)
        {
            priority = priorityMatch.Groups["p"].Value.ToUpperInvariant();
            text = Cut(text, priorityMatch.Index, priorityMatch.Length);
        }
        var ticketMatch = TicketKey().Match(text);
        if (ticket is not null && ticketMatch.Success && LeadingTicket().Match(text) is { Success: true } leading && leading.Value.Contains(ticket, StringComparison.Ordinal))
            text = text[leading.Length..];
        else if (ticket is null && ticketMatch.Success)
        {
            ticket = ticketMatch.Value;
            // A leading "OPS-123:" or "[OPS-123]" is the item's reference, not its words.
            var lead = LeadingTicket().Match(text);
            if (lead.Success) text = text[lead.Length..];
        }
        if (ticket is null && IssueRef().Match(text) is { Success: true } issue)
        {
            // "https://gitlab.example.com/grp/proj/-/issues/5521 - Pin the limit", "grp/proj#233 - …", "#20931 - …":
            // an issue tracker's reference is the ticket, wherever the line writes it, and not the item's words.
            ticket = issue.Value.TrimEnd('.', ',', ';', ':');
            text = Cut(text, issue.Index, ticket.Length);
        }
        if (status == ActionStatus.Unknown && ticket is not null) status = TicketStatus(ticket, tickets);
        text = Clean(EmptyParens().Replace(text, ""));
        text = SeparatorRuns().Replace(text, " — ");
        return new ActionItem { Text = text.Length > 0 ? text : line.Trim(), Owner = owner, Due = due, Status = status, Ticket = ticket, Priority = priority };
    }

    private sealed record Labelled(string? Owner, DateOnly? Due, ActionStatus Status, string? Ticket, string? Priority);

    /// <summary>The parts of "(Owner: X, Due: 2025-04-01, Status: Open)"; null when a part is not "known key: value" (then it is prose).</summary>
    private static Labelled? LabelledFields(string body)
    {
        string? owner = null, ticket = null, priority = null;
        DateOnly? due = null;
        var status = ActionStatus.Unknown;
        foreach (var part in body.Split(',', ';'))
        {
            var kv = part.Split([':', '='], 2);
            if (kv.Length != 2 || kv[1].Trim().Length == 0) return null;
            var value = kv[1].Trim();
            switch (kv[0].Trim().ToLowerInvariant())
            {
                case "owner" or "owners" or "assignee" or "assigned to" or "dri" or "who":
                    owner = CleanOwner(value);
                    break;
                case "due" or "due date" or "deadline" or "target" or "target date" or "eta" or "by":
                    if (!DateTimeText.TryParseDate(value, out var d)) return null;
                    due = d;
                    break;
                case "status" or "state":
                    status = StatusOf(value);
                    break;
                case "ticket" or "jira" or "issue" or "tracking":
                    ticket = IsPlaceholder(value) ? null : TicketKey().Match(value) is { Success: true } t ? t.Value : value;
                    break;
                case "priority" or "prio":
                    priority = value.ToUpperInvariant();
                    break;
                default:
                    return null;
            }
        }
        return new Labelled(owner, due, status, ticket, priority);
    }

    [GeneratedRegex(@"\((?<body>\s*(?:owners?|assignee|assigned to|dri|who|due(?: date)?|deadline|target(?: date)?|eta|by|status|state|ticket|jira|issue|tracking|priority|prio)\s*[:=][^()]*)\)", RegexOptions.IgnoreCase)]
    private static partial Regex LabelledParen();

    /// <summary>A task's mention of its assignee is metadata, not words of the item.</summary>
    private static string Without(string text, string part)
    {
        var i = text.LastIndexOf(part, StringComparison.OrdinalIgnoreCase);
        return i <= 0 ? text : Clean(text.Remove(i, part.Length));
    }

    private static string WithoutTrailingDate(string text)
    {
        var m = TrailingDate().Match(text);
        return m.Success && m.Index > 0 ? Clean(text[..m.Index]) : text;
    }

    [GeneratedRegex(@"\s*(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2} [A-Za-z]{3,9},? \d{4}|[A-Za-z]{3,9} \d{1,2},? \d{4})\s*$")]
    private static partial Regex TrailingDate();

    private static string Clean(string text) => Tidy().Replace(DanglingSeparators().Replace(text, " "), " ").Trim().Trim(':', '-', '–', '—', ',', ';', ' ', '|').Trim();

    /// <summary>Removes a matched part, leaving a space so the words on either side stay apart.</summary>
    private static string Cut(string text, int index, int length) => text.Remove(index, length).Insert(index, " ");

    private static ActionStatus TicketStatus(string ticket, IReadOnlyList<TicketRef> tickets)
    {
        var known = tickets.FirstOrDefault(t => t.Key.Equals(ticket, StringComparison.OrdinalIgnoreCase));
        return known?.Status is { } s ? StatusOf(s) : ActionStatus.Unknown;
    }

    public static ActionStatus StatusOf(string text)
    {
        var s = text.Trim().ToLowerInvariant();
        if (DoneWords().IsMatch(s)) return ActionStatus.Done;
        // "🟢 Done", "🔴 Open": a status lozenge's colour dot before the word.
        s = LeadingSymbols().Replace(s, "");
        // Won't Do / Cancelled: the schema has only open|done|unknown. Not done — it must not count as remediation or
        // completion — and not open — it must not show as overdue. Unknown is the one that claims neither.
        if (Dropped().IsMatch(s)) return ActionStatus.Unknown;
        if (DoneWords().IsMatch(s)) return ActionStatus.Done;
        if (OpenWords().IsMatch(s)) return ActionStatus.Open;
        return ActionStatus.Unknown;
    }

    [GeneratedRegex(@"^[^\p{L}\p{N}]+")]
    private static partial Regex LeadingSymbols();

    [GeneratedRegex(@"^(won.?t (do|fix)|will not (do|fix)|cancell?ed|declined|rejected|obsolete|duplicate|abandoned|dropped|not planned|descoped|out of scope)\b")]
    private static partial Regex Dropped();

    private static string CleanOwner(string owner)
    {
        var o = owner.Trim().TrimStart('@').Trim();
        o = o.Trim('*', '_', ' ', ',', ';', '(', ')');
        return o;
    }

    [GeneratedRegex(@"\b(?!(?:SEV|UTF|ISO|RFC|TLS|SSL|HTTP|CVE|AWS|GCP|SHA|MD|COVID|IPV|P)-)[A-Z][A-Z0-9]{1,9}-\d{1,6}\b")]
    public static partial Regex TicketKey();

    [GeneratedRegex(@"^\s*\[?\s*[A-Z][A-Z0-9]{1,9}-\d{1,6}\s*\]?\s*[:\-–—]?\s*")]
    private static partial Regex LeadingTicket();

    /// <summary>
    /// An issue URL (GitLab "/-/issues/N", GitHub "/issues/N", "/browse/KEY-N", work items, incidents), a cross-project
    /// reference "group/project#N", or "#N" opening the line (or of three digits or more anywhere).
    /// </summary>
    [GeneratedRegex(@"https?://[^\s<>()\[\]|]+?/(?:-/)?(?:issues|merge_requests|work_items|incidents|pull|browse|tickets?)/[\w.\-]+|(?<![\w/.\-@])[a-z0-9][\w.\-]*(?:/[\w.\-]+)+[#!]\d+\b|^\s*#\d+\b|(?<![\w&/#])#\d{3,}\b", RegexOptions.IgnoreCase)]
    private static partial Regex IssueRef();

    /// <summary>"—", "-", "n/a", "TBD", "none": a cell or label that says there is no value.</summary>
    internal static bool IsPlaceholder(string value) =>
        value.Trim().Trim('.', '(', ')').ToLowerInvariant() is "" or "—" or "–" or "-" or "--" or "n/a" or "na" or "none" or "tbd" or "tba" or "?" or "null" or "nil";

    [GeneratedRegex(@"\(\s*(?:owner:?\s*)?(?<owner>@?[\p{L}][\p{L}\p{N}.'\- ]{0,40}?)\s*[,;]\s*(?:due(?: date)?:?|by|fällig|bis|échéance|vence)\s*(?<due>[^),;]{4,30})(?:\s*[,;]\s*(?:status:?\s*)?(?<status>[^),;]{2,20}))?\)", RegexOptions.IgnoreCase)]
    private static partial Regex OwnerDueParen();

    // The label is a whole word ("whose", "drift" hold no owner) and "who"/"dri"/"assigned" need a colon; a team name may run to three words.
    [GeneratedRegex(@"[\(\[,;—–-]?\s*\b(?:(?:owner|owned by|assignee|assigned to)\b\s*[:=]?|(?:who|dri|assigned)\s*[:=])\s*(?<owner>@?[\p{L}][\p{L}\p{N}.'\-]*(?:\s(?!(?:due|by|status|ticket|priority|deadline|to|and)\b)[\p{L}][\p{L}.'\-]*)?(?:\s(?!(?:Due|By|Status|Ticket|Priority|Deadline)\b)\p{Lu}[\p{L}.'\-]*)?)\s*[\)\]]?", RegexOptions.IgnoreCase)]
    private static partial Regex OwnerLabel();

    [GeneratedRegex(@"[\(\[,;—–-]?\s*\b(?:due(?: date)?|deadline|target(?: date)?|eta|by)\s*[:=]?\s*(?<due>\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}-[A-Za-z]{3}-\d{4}|[A-Za-z]{3,9}\.? \d{1,2},? \d{4}|\d{1,2} [A-Za-z]{3,9} \d{4})\s*[\)\]]?", RegexOptions.IgnoreCase)]
    private static partial Regex DueLabel();

    [GeneratedRegex(@"(?:[\(\[]\s*(?:status:?\s*)?(?<status>done|completed?|closed|resolved|fixed|open|todo|to do|in progress|in-progress|not started|pending|planned|blocked|wip)\s*[\)\]]|\bstatus\s*[:=]\s*(?<status>done|completed?|closed|resolved|fixed|open|todo|to do|in progress|in-progress|not started|pending|planned|blocked|wip)\b|(?<status>✅|✔️?|☑|☒|☐|⬜))", RegexOptions.IgnoreCase)]
    private static partial Regex StatusLabel();

    [GeneratedRegex(@"(?<![\w.])@(?<owner>[\p{L}][\p{L}\p{N}._\-]{1,40})")]
    private static partial Regex Mention();

    [GeneratedRegex(@"[\(\[]\s*(?:priority:?\s*)?(?<p>P[0-4])\s*[\)\]]|\bpriority\s*[:=]\s*(?<p>P[0-4]|high|medium|low)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PriorityLabel();

    [GeneratedRegex(@"^(✅|✔|☑|☒|x|done|completed?|closed|resolved|fixed|finished|merged|shipped|yes|true|implemented|erledigt|abgeschlossen|fait|terminé|hecho|completado|gereed)\b|^(✅|✔️?|☑|☒)")]
    private static partial Regex DoneWords();

    [GeneratedRegex(@"^(☐|⬜|open|todo|to ?do|to-do|in[ -]progress|in[ -]review|under review|in qa|in testing|review|not started|not done|incomplete|outstanding|pending|planned|blocked|wip|backlog|new|no|false|ongoing|started|scheduled|proposed|awaiting|waiting|assigned|accepted|triaged|selected for development|ready|reopened|offen|in arbeit|ouvert|en cours|abierto|pendiente)\b|^(☐|⬜)")]
    private static partial Regex OpenWords();

    [GeneratedRegex(@"^(action|action items?|item|task|description|what|remediation|follow[ -]?up|recommendation|todo|to do|issue|title|summary|work item|corrective action|preventive action|improvement)s?\b", RegexOptions.IgnoreCase)]
    private static partial Regex TextHeader();

    [GeneratedRegex(@"^(owner|owners|assignee|assigned to|who|responsible|dri|action item owner|team)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OwnerHeader();

    [GeneratedRegex(@"^(due|due date|deadline|target|target date|eta|when|by when|date)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DueHeader();

    [GeneratedRegex(@"^(status|state|done|complete|completed|progress)\b", RegexOptions.IgnoreCase)]
    private static partial Regex StatusHeader();

    [GeneratedRegex(@"^(ticket|tickets|jira|issue|issue key|bug|link|tracking|tracker|id|key|reference|ref)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TicketHeader();

    [GeneratedRegex(@"^(priority|pri|prio)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PriorityHeader();

    [GeneratedRegex(@"^(type|kind|category|class)\b", RegexOptions.IgnoreCase)]
    private static partial Regex KindHeader();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Tidy();

    [GeneratedRegex(@"\s+(?:--|—|–|-|\|)\s*\[?(?<status>done|completed?|closed|resolved|fixed|open|todo|to do|in progress|not started|pending|planned|blocked|wip)\]?\.?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingStatus();

    private sealed record Parts(string Text, string? Owner, DateOnly? Due, ActionStatus Status);

    private static Parts? DashSeparated(string text)
    {
        var segments = DashSeparator().Split(text).Select(x => x.Trim()).Where(x => x.Length > 0).ToList();
        if (segments.Count < 3) return null;
        string? owner = null;
        DateOnly? due = null;
        var status = ActionStatus.Unknown;
        var rest = new List<string>();
        foreach (var segment in segments.Skip(1))
        {
            var dueMatch = DueLabel().Match(segment);
            // "owner Hanna Korhonen, due 2026-03-06 (done)": a segment that holds more than its date is read by the
            // line's labels, not swallowed whole as the due date.
            if (due is null && dueMatch.Success && Clean(Cut(segment, dueMatch.Index, dueMatch.Length)).Length > 0) return null;
            if (due is null && dueMatch.Success && DateTimeText.TryParseDate(dueMatch.Groups["due"].Value, out var d)) due = d;
            else if (status == ActionStatus.Unknown && StatusOf(segment) != ActionStatus.Unknown && segment.Length < 20) status = StatusOf(segment);
            else if (owner is null && PersonLike().IsMatch(segment)) owner = CleanOwner(segment.Replace("owner:", "", StringComparison.OrdinalIgnoreCase));
            else rest.Add(segment);
        }
        return owner is null && due is null && status == ActionStatus.Unknown ? null : new Parts(string.Join(" — ", [segments[0], .. rest]), owner, due, status);
    }

    [GeneratedRegex(@"\s+[—–]\s+|\s+--\s+")]
    private static partial Regex DashSeparator();

    [GeneratedRegex(@"^(owner:\s*)?@?[\p{Lu}][\p{L}.'\-]*(\s[\p{Lu}][\p{L}.'\-]*){0,2}$|^@?[a-z][a-z0-9._\-]{1,20}$")]
    private static partial Regex PersonLike();

    [GeneratedRegex(@"(?:\s*[—–|,;]\s*){2,}|\s+[—–]\s*$")]
    private static partial Regex DanglingSeparators();

    [GeneratedRegex(@"\s+[—–]\s+[—–,;]\s*")]
    private static partial Regex SeparatorRuns();

    [GeneratedRegex(@"\(\s*[,;]?\s*\)|\[\s*\]")]
    private static partial Regex EmptyParens();
}
