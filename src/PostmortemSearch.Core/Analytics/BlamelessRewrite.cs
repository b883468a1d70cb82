using System.Text.RegularExpressions;

namespace PostmortemSearch.Core.Analytics;

/// <summary>
/// The rewording a guild can circulate: the whole sentence said again without the person, from a template per pattern
/// (see <c>Analytics/Data/blame-patterns.txt</c>), or — for a judgement word inside an otherwise neutral sentence — the
/// word replaced. Grammar is kept by construction: templates take the rest of the sentence where it still fits
/// ("nothing in the process made sure someone would" + "renew the certificate"), and a past participle after "should
/// have" is put back in its base form ("checked" → "check") from the verbs ops writing uses, or kept after "have".
/// </summary>
public static partial class BlamelessRewrite
{
    public static string Suggest(string sentence, int index, int length, string replacement)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        ArgumentNullException.ThrowIfNull(replacement);
        var before = sentence[..index].TrimEnd();
        var after = sentence[(index + length)..];
        if (!IsTemplate(replacement))
        {
            var span = replacement.Replace("{ROLE}", "the engineer", StringComparison.Ordinal);
            return Capitalise(MendArticle(sentence[..index], span) + span + after);
        }
        var rest = after.Trim().TrimEnd('.', '!', '?', ';', ':', ',').Trim();
        var text = Placeholder().Replace(replacement, m => m.Groups["name"].Value switch
        {
            "BEFORE" => before,
            "REST" => rest.Length > 0 ? rest : m.Groups["default"].Value,
            "RESTIN" => LeadingPreposition().Replace(rest, "") is { Length: > 0 } r ? r : m.Groups["default"].Value,
            "BASE" => Base(rest),
            "WHAT" => What(before, rest),
            _ => m.Value,
        });
        // What() already placed "look safe" before a when-clause it kept: drop the template's own.
        text = text.Replace("\u0000 look safe", "", StringComparison.Ordinal).Replace("\u0000", "", StringComparison.Ordinal);
        text = Spaces().Replace(text, " ").Trim().Replace(" ,", ",", StringComparison.Ordinal);
        if (text.Length == 0) return sentence;
        return Capitalise(text.TrimEnd('.', ',', ';', ':').TrimEnd() + ".");
    }

    /// <summary>
    /// What the conditions made look safe: the action named after "in" ("in muting the alert" → "muting the alert"),
    /// else the thing the sentence is about ("The deploy was sloppy" → "the deploy"), else "this" — never a person or
    /// role. A "when he edited …" that follows is kept, with the person written as the engineer.
    /// </summary>
    private static string What(string before, string rest)
    {
        var gerund = GerundAfterIn().Match(rest);
        var what = gerund.Success ? gerund.Groups["what"].Value
            : before.Length > 0 && !PersonOrRole().IsMatch(before) ? char.ToLowerInvariant(before[0]) + before[1..]
            : "this";
        var when = WhenClause().Match(rest);
        return when.Success ? what + " look safe " + Pronoun().Replace(when.Value, "the engineer") + "\u0000" : what;
    }

    /// <summary>Every other mention of <paramref name="person"/> (full name, first name, possessive) as "the engineer".</summary>
    public static string WithoutPerson(string suggestion, string person)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        ArgumentNullException.ThrowIfNull(person);
        var first = person.Split(' ')[0];
        if (first.Equals("he", StringComparison.OrdinalIgnoreCase) || first.Equals("she", StringComparison.OrdinalIgnoreCase)) return suggestion;
        var names = new[] { person, first }.Distinct(StringComparer.Ordinal).Select(Regex.Escape);
        var mention = new Regex($@"\b(?:{string.Join("|", names)})\b", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return Capitalise(mention.Replace(suggestion, "the engineer"));
    }

    /// <summary>"checked the DLQ" → "check the DLQ"; a participle it does not know → "have rerouted the traffic".</summary>
    internal static string Base(string rest)
    {
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        var word = space < 0 ? rest : rest[..space];
        var tail = space < 0 ? "" : rest[space..];
        return Lemma(word.ToLowerInvariant()) is { } lemma ? lemma + tail : "have " + rest;
    }

    /// <summary>The base form of a past participle, or null when it is not one this knows.</summary>
    internal static string? Lemma(string participle)
    {
        if (Irregular.TryGetValue(participle, out var irregular)) return irregular;
        if (Verbs.Contains(participle) && !participle.EndsWith("ed", StringComparison.Ordinal)) return null;   // a base form already: not after "should have"
        if (participle.EndsWith("ied", StringComparison.Ordinal) && Verbs.Contains(participle[..^3] + "y")) return participle[..^3] + "y";
        if (!participle.EndsWith("ed", StringComparison.Ordinal)) return null;
        var stem = participle[..^2];
        string[] candidates = [stem, stem + "e", stem.Length > 2 && stem[^1] == stem[^2] ? stem[..^1] : stem, participle[..^1]];
        return candidates.FirstOrDefault(Verbs.Contains);
    }

    private static bool IsTemplate(string replacement) =>
        replacement.Contains("{REST", StringComparison.Ordinal) || replacement.Contains("{BASE}", StringComparison.Ordinal)
        || replacement.Contains("{BEFORE}", StringComparison.Ordinal) || replacement.Contains("{WHAT}", StringComparison.Ordinal);

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>"a" before a replacement that starts with a vowel sound becomes "an", and back ("an unguarded", "a hurried").</summary>
    private static string MendArticle(string before, string replacement)
    {
        var m = TrailingArticle().Match(before);
        if (!m.Success || replacement.Length == 0) return before;
        var vowel = "aeiouAEIOU".Contains(replacement[0], StringComparison.Ordinal);
        var article = m.Groups["article"].Value;
        var wanted = vowel ? (char.IsUpper(article[0]) ? "An" : "an") : (char.IsUpper(article[0]) ? "A" : "a");
        return before[..m.Groups["article"].Index] + wanted + " ";
    }

    [GeneratedRegex(@"\{(?<name>BEFORE|RESTIN|REST|BASE|WHAT)(?:\|(?<default>[^}]*))?\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^(?:in|when|while|with|by)\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LeadingPreposition();

    /// <summary>A subject that is a person or a role: never made the object of "the conditions made … look safe".</summary>
    [GeneratedRegex(@"\b(?:on-?call|oncall|engineers?|operators?|responders?|developers?|reviewers?|admins?|team|he|she|they|we|I|(?-i:\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+))\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PersonOrRole();

    [GeneratedRegex(@"^in (?<what>\p{L}+ing\b.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GerundAfterIn();

    [GeneratedRegex(@"^(?:when|while|after|before|as) .+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhenClause();

    [GeneratedRegex(@"\b(?:he|she)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Pronoun();

    [GeneratedRegex(@"\s{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"(?:^|\s)(?<article>an?|An?)\s$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingArticle();

    private static readonly Dictionary<string, string> Irregular = new(StringComparer.Ordinal)
    {
        ["been"] = "be", ["done"] = "do", ["gone"] = "go", ["seen"] = "see", ["known"] = "know", ["taken"] = "take",
        ["given"] = "give", ["written"] = "write", ["run"] = "run", ["rerun"] = "rerun", ["read"] = "read", ["reread"] = "reread",
        ["caught"] = "catch", ["thought"] = "think", ["brought"] = "bring", ["told"] = "tell", ["found"] = "find",
        ["made"] = "make", ["kept"] = "keep", ["left"] = "leave", ["sent"] = "send", ["resent"] = "resend", ["set"] = "set",
        ["reset"] = "reset", ["put"] = "put", ["built"] = "build", ["rebuilt"] = "rebuild", ["shut"] = "shut", ["spent"] = "spend",
        ["held"] = "hold", ["understood"] = "understand", ["got"] = "get", ["gotten"] = "get", ["paid"] = "pay", ["said"] = "say",
        ["felt"] = "feel", ["chosen"] = "choose", ["spoken"] = "speak", ["frozen"] = "freeze", ["driven"] = "drive",
        ["broken"] = "break", ["begun"] = "begin", ["shown"] = "show", ["drawn"] = "draw", ["heard"] = "hear", ["led"] = "lead",
        ["meant"] = "mean", ["cut"] = "cut", ["let"] = "let", ["split"] = "split", ["redone"] = "redo", ["undone"] = "undo",
        ["withdrawn"] = "withdraw", ["overridden"] = "override", ["forgotten"] = "forget", ["rolled"] = "roll", ["sought"] = "seek",
        ["taught"] = "teach", ["bought"] = "buy", ["woken"] = "wake", ["risen"] = "rise", ["hidden"] = "hide", ["fed"] = "feed",
        ["upheld"] = "uphold", ["rewritten"] = "rewrite", ["overseen"] = "oversee", ["stood"] = "stand", ["won"] = "win",
    };

    /// <summary>Base forms of the verbs postmortems use after "should have" (regular ones; the irregular are above).</summary>
    private static readonly HashSet<string> Verbs = new(StringComparer.Ordinal)
    {
        "add", "alert", "allow", "analyse", "analyze", "announce", "answer", "apply", "approve", "archive", "ask", "assign", "audit",
        "automate", "back", "backfill", "block", "bump", "call", "cancel", "cap", "change", "check", "clean", "clear", "close",
        "commit", "communicate", "compare", "configure", "confirm", "consider", "contact", "copy", "correct", "create", "debug",
        "decline", "deactivate", "delay", "delete", "deploy", "deprecate", "detect", "disable", "document", "double-check",
        "drain", "drop", "edit", "email", "enable", "ensure", "escalate", "evacuate", "examine", "expire", "explain", "fail",
        "fix", "flag", "flush", "follow", "force", "freeze", "gate", "handle", "ignore", "implement", "include", "increase",
        "inform", "inspect", "install", "investigate", "isolate", "kill", "label", "limit", "load", "lock", "log", "look",
        "lower", "merge", "migrate", "mirror", "monitor", "mute", "need", "notice", "notify", "open", "order", "page", "patch",
        "pause", "pin", "ping", "plan", "post", "prepare", "prevent", "prioritise", "prioritize", "probe", "promote", "provision",
        "prune", "publish", "pull", "purge", "push", "query", "queue", "raise", "reach", "realise", "realize", "reboot",
        "recheck", "record", "recover", "reduce", "refresh", "register", "reject", "release", "reload", "remove", "renew",
        "repair", "replace", "replay", "reply", "report", "request", "require", "reroute", "resize", "resolve", "respond",
        "restart", "restore", "restrict", "retest", "retry", "return", "revert", "review", "revoke", "rotate", "route", "save",
        "scale", "schedule", "scrub", "secure", "share", "ship", "shorten", "sign", "skip", "snapshot", "spot", "stage", "start",
        "stop", "store", "suspend", "switch", "sync", "tag", "tell", "terminate", "test", "throttle", "track", "trigger",
        "try", "tune", "turn", "unblock", "unmute", "unpin", "update", "upgrade", "use", "validate", "verify", "wait", "warn",
        "watch", "work",
    };
}
