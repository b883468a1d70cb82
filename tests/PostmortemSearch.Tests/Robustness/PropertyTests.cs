using System.Text;
using FsCheck;
using FsCheck.Fluent;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Core.Search;
using PostmortemSearch.Core.Store;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Cli;
using PostmortemSearch.Tests.Support;
using Xunit.Abstractions;

namespace PostmortemSearch.Tests.Robustness;

/// <summary>
/// Properties over generated input (FsCheck): the query language never fails with anything but a QueryException,
/// generated Markdown never breaks a reader, and any postmortem survives export → JSON-lines import unchanged.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class PropertyTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Config Runs(int count) => Config.QuickThrowOnFailure.WithMaxTest(count).WithQuietOnSuccess(true);

    // ---- (a) queries -------------------------------------------------------------------------------------------

    private static readonly string[] QueryPieces =
    [
        "cache", "502", "timeout", "certificate", "naïve", "Ünïcödé", "日本語", "🔥", "İstanbul", "ß", "ǅ",
        "\"", "\"\"", "\"cache flush", ":", "::", "-", "--", "---", "*", "**", "-*", "*-", "-\"", "\\", "'", "%", "_", "(", ")", "@", "@x", "@/etc/passwd",
        "service:", "service:checkout-api", "severity:", "severity:SEV9", "sev:P1", "sev:-1", "status:open", "tag:", "factor:", "factor:cert-expiry",
        "after:", "after:2025", "after:2025Q5", "after:2025-13-40", "after:0000", "before:9999-12", "before:-1", "after:\"2025-01\"",
        "-service:x", "SERVICE:X", "AND", "OR", "NOT", "NEAR(a b)", "title:x", "a:b:c", "*)", "\u0000", "\u0001", "\u001b[31m", "\t", "\n", "\r", "\u200B",
        "\u202E", "\uFEFF", "\uFFFF", "\uD83D\uDE00", "\u0301", "x\u0301", " ", "  ",
    ];

    /// <summary>Queries built from the language's own syntax and from awkward characters, plus any string FsCheck makes.</summary>
    private static Arbitrary<string> Queries() =>
        Gen.OneOf(
                Gen.Elements(QueryPieces).ListOf().Select(parts => string.Join("", parts)),
                Gen.Elements(QueryPieces).ListOf().Select(parts => string.Join(" ", parts)),
                ArbMap.Default.GeneratorFor<string>().Where(s => s is not null),
                Gen.Elements(QueryPieces).Select(p => string.Concat(Enumerable.Repeat(p + " ", 70))),
                Gen.Constant(new string('a', QueryParser.MaxLength + 1)))
            .ToArbitrary();

    private PostmortemCatalog SmallCatalog(string file)
    {
        var catalog = new PostmortemCatalog(PostmortemStore.Open(_dir.File(file), FixedTime.At(2025, 12, 31)), FixedTime.At(2025, 12, 31));
        var docs = Enumerable.Range(0, 12).Select(n => Some.FromMarkdown(Generated.Markdown("cc", n, "shared"), $"q{n}.md")).ToList();
        catalog.Save([.. docs.Select(d => d with { Source = d.Source with { ContentHash = Importer.ContentHash(d) } })], "test");
        return catalog;
    }

    [Fact]
    public void Any_query_string_searches_or_fails_with_a_QueryException_only()
    {
        using var catalog = SmallCatalog("q.db");
        var rejected = 0;
        Check.One(Runs(Robust.Size(1000, 5000)), Prop.ForAll(Queries(), query =>
        {
            try
            {
                var results = catalog.Search(new SearchRequest { Query = query, Limit = 5 }, Caller.Cli);
                Assert.InRange(results.Total, 0, 12);
                Index(catalog).Search(new SearchRequest { Query = query, Limit = 5, Offset = 3 });
            }
            catch (QueryException e)
            {
                rejected++;
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
            }
        }));
        output.WriteLine($"{rejected} queries rejected with a QueryException");
    }

    private static SearchIndex Index(PostmortemCatalog catalog) => catalog.Index;

    [Fact]
    public void Pmsearch_search_with_any_query_exits_0_or_2_and_never_prints_a_stack_trace()
    {
        using (SmallCatalog("cli.db")) { }
        var cli = new CliRunner(_dir.Path, _dir.File("cli.db"));
        var exits = new Dictionary<int, int>();
        Check.One(Runs(Robust.Size(300, 1500)), Prop.ForAll(Queries(), query =>
        {
            var result = cli.Run("search", query);
            exits[result.ExitCode] = exits.GetValueOrDefault(result.ExitCode) + 1;
            Assert.True(result.ExitCode is 0 or 2, $"exit {result.ExitCode} for {Show(query)}: {result.Error}");
            Assert.DoesNotContain("   at ", result.Out + result.Error, StringComparison.Ordinal);
            if (result.ExitCode == 2) Assert.False(string.IsNullOrWhiteSpace(result.Error), $"exit 2 without a message for {Show(query)}");
        }));
        output.WriteLine(string.Join(", ", exits.OrderBy(e => e.Key).Select(e => $"exit {e.Key}: {e.Value}")));
    }

    private static string Show(string s) => string.Concat(s.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    // ---- (b) generated Markdown ----------------------------------------------------------------------------------

    private static readonly string[] Headings =
    [
        "Summary", "Impact", "Root Cause", "Root Causes", "Contributing Factors", "Trigger", "Detection", "Resolution", "Timeline",
        "Action Items", "Lessons Learned", "What went well", "What went wrong", "Where we got lucky", "Follow-ups", "Appendix", "",
        "Résumé", "タイムライン", "Action items (owner: @sre)", "**Bold** heading", "`code`", "[link](http://x)", "#", "Timeline ###",
    ];

    private static readonly string[] Times =
    [
        "14:02", "14:02 UTC", "2025-03-04 14:02", "2025-03-04T14:02:00Z", "2025-03-04T14:02:00+05:30", "2:02 PM PST", "25:99", "2025-13-45 10:00",
        "0001-01-01 00:00 +14:00", "9999-12-31 23:59 -12:00", "T+5m", "yesterday", "Mar 4, 2025 14:02", "4/3/2025", "00:00", "23:59:59.999",
        "2025-03-04 14:02 CEST", "12:00 AM", "Day 2 03:00",
    ];

    private static readonly string[] Words =
    [
        "cache", "flush", "502", "owner:", "@alice", "due", "2025-12-01", "TODO", "DONE", "[x]", "[ ]", "JIRA-123", "|", "||", "\\|", "*", "_", "`",
        "**", "<b>", "</div>", "&amp;", "&#0;", "\t", "é", "日本", "🔥", "\u200B", "\u0001", "severity:", "SEV1", "P0", "—", "->", "---", ":",
    ];

    private static Gen<string> Line() =>
        Gen.OneOf(
            Gen.Elements(Words).ListOf().Select(w => string.Join(" ", w)),
            Gen.Elements(Headings).Zip(Gen.Choose(1, 7)).Select(t => new string('#', t.Item2) + " " + t.Item1),
            Gen.Elements(Times).Zip(Gen.Elements(Words).ListOf()).Select(t => t.Item1 + " " + string.Join(" ", t.Item2)),
            Gen.Elements(Times).Zip(Gen.Elements(Words).ListOf()).Select(t => $"- **{t.Item1}** {string.Join(" ", t.Item2)}"),
            Gen.Elements("-", "*", "+", "1.", "1)", "- [ ]", "- [x]", "  -", "    -", ">").Zip(Gen.Elements(Words).ListOf()).Select(t => t.Item1 + " " + string.Join(" ", t.Item2)),
            Gen.Elements(Words).ListOf().ListOf().Select(cells => "| " + string.Join(" | ", cells.Select(c => string.Join(" ", c))) + " |"),
            Gen.Elements("|---|---|", "|:-|-:|:-:|", "| --- |", "|", "---", "***", "```", "~~~", "<!-- -->", "<div>", "---\ntitle: x\n---"),
            Gen.Elements("title:", "severity:", "services: [a, b", "start:", "date: 2025-02-30", "restricted: maybe", "authors:\n  - x", "tags: {")
                .Zip(Gen.Elements(Times)).Select(t => t.Item1 + " " + t.Item2));

    private static Arbitrary<string> MarkdownDocuments() =>
        Gen.OneOf(
                Line().ListOf().Select(lines => string.Join("\n", lines)),
                Line().ListOf().Select(lines => "---\n" + string.Join("\n", lines.Take(3)) + "\n---\n" + string.Join("\n", lines.Skip(3))),
                Line().ListOf().Select(lines => "# Outage\n## Summary\nsomething broke\n" + string.Join("\r\n", lines)))
            .ToArbitrary();

    [Fact]
    public void Any_generated_Markdown_imports_or_is_rejected_cleanly()
    {
        using var catalog = new PostmortemCatalog(PostmortemStore.Open(_dir.File("md.db")), FixedTime.At(2025, 12, 31));
        var importer = new Importer();
        var n = 0;
        var (imported, rejected) = (0, 0);
        Check.One(Runs(Robust.Size(300, 3000)), Prop.ForAll(MarkdownDocuments(), markdown =>
        {
            var outcomes = importer.ReadFile(new SourceFile($"gen/{n++}.md", Encoding.UTF8.GetBytes(markdown))).ToList();
            var outcome = Assert.Single(outcomes);
            // The importer turns a reader's crash into "could not be read as …: NullReferenceException: …"; that is a bug, not a rejection.
            Assert.False(outcome.Error?.StartsWith("could not be read as", StringComparison.Ordinal) ?? false, $"{outcome.Error}\n---\n{Show(markdown)}");
            if (outcome.Error is null) imported++;
            else rejected++;
            var rows = ImportBatch.Save(catalog, outcomes, "prop");
            Assert.All(rows, r => Assert.True(r.Status is "imported" or "updated" or "unchanged" or "rejected" or "skipped"));
        }));
        output.WriteLine($"{imported} imported, {rejected} rejected cleanly");
        Assert.Equal("ok", ((PostmortemStore)catalog.Store).IntegrityCheck());
    }

    // ---- (c) round trip --------------------------------------------------------------------------------------------

    private static readonly char[] TextChars =
        [.. "abcxyz ABC 0123 .,;:!?-_/\\\"'`{}[]<>|&%$#@*+=~^", '\n', '\r', '\t', '\0', '\u0001', '\u001f', '\u007f', '\u0085', '\u00a0', 'é', 'ß', 'Ω', '日', '本',
         '\u200b', '\u2028', '\u2029', '\u202e', '\ufeff', '\ufffd', '\uffff'];

    private static Gen<string> Text() =>
        Gen.OneOf(
            Gen.Elements(TextChars).ArrayOf().Select(c => new string(c)),
            Gen.Elements("🔥", "👩‍💻", "\uD834\uDD1E", "x").ListOf().Select(p => string.Concat(p)));

    private static Gen<string> NonBlank() => Text().Select(t => "t" + t);

    private static Gen<string?> Maybe(Gen<string> gen) => Gen.Frequency((1, Gen.Constant<string?>(null)), (3, gen.Select(s => (string?)s)));

    private static Gen<Timestamp> Timestamps() =>
        from year in Gen.Frequency((8, Gen.Choose(1990, 2040)), (1, Gen.Elements(1, 9999)))
        from month in Gen.Choose(1, 12)
        from day in Gen.Choose(1, 28)
        from seconds in Gen.Choose(0, (24 * 3600) - 1)
        from zone in Gen.Frequency((1, Gen.Constant<int?>(null)), (2, Gen.Choose(-14 * 4, 14 * 4).Select(q => (int?)(q * 15))))
        let local = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified).AddSeconds(seconds)
        where zone is null || InUtcRange(local, zone.Value)
        select zone is null ? Timestamp.Unzoned(local) : new Timestamp(local, TimeSpan.FromMinutes(zone.Value));

    /// <summary>DateTimeOffset refuses a local time whose UTC instant falls outside years 1–9999.</summary>
    private static bool InUtcRange(DateTime local, int offsetMinutes)
    {
        var utcTicks = local.Ticks - TimeSpan.FromMinutes(offsetMinutes).Ticks;
        return utcTicks >= DateTime.MinValue.Ticks && utcTicks <= DateTime.MaxValue.Ticks;
    }

    private static Gen<Timestamp?> MaybeTime() => Gen.Frequency((1, Gen.Constant<Timestamp?>(null)), (2, Timestamps().Select(t => (Timestamp?)t)));

    private static Gen<DateOnly?> MaybeDate() =>
        Gen.Frequency((1, Gen.Constant<DateOnly?>(null)), (2, Gen.Choose(0, 3_000_000).Select(d => (DateOnly?)DateOnly.FromDayNumber(d))));

    private static Gen<IReadOnlyList<T>> List<T>(Gen<T> gen) => gen.ListOf().Select(l => (IReadOnlyList<T>)[.. l.Take(6)]);

    private static Gen<ActionItem> ActionItems() =>
        from text in Text()
        from owner in Maybe(Text())
        from due in MaybeDate()
        from status in Gen.Elements(ActionStatus.Unknown, ActionStatus.Open, ActionStatus.Done)
        from ticket in Maybe(Text())
        from priority in Maybe(Text())
        from kind in Maybe(Text())
        select new ActionItem { Text = text, Owner = owner, Due = due, Status = status, Ticket = ticket, Priority = priority, Kind = kind };

    private static int _ids;

    private static Arbitrary<Postmortem> Postmortems() =>
        (from title in NonBlank()
         from kind in Gen.Elements(SourceKinds.Markdown, SourceKinds.Docx, SourceKinds.JsonLines, "something-else")
         from path in Text()
         from pageId in Maybe(Text())
         from scalars in Maybe(Text()).ArrayOf(9)
         from lists in List(Text()).ArrayOf(9)
         from times in MaybeTime().ArrayOf(4)
         from pmDate in MaybeDate()
         from duration in Gen.Frequency((1, Gen.Constant<TimeSpan?>(null)), (2, Gen.Choose(-100_000, 10_000_000).Select(s => (TimeSpan?)TimeSpan.FromSeconds(s))))
         from timeline in List(from at in MaybeTime() from atText in Text() from text in Text() select new TimelineEntry(at, atText, text))
         from actions in List(ActionItems())
         from restricted in Gen.Elements(true, false)
         from metadata in List(from k in Text() from v in Text() select new MetadataEntry(k, v))
         from sections in List(from h in Text() from f in Maybe(Text()) from t in Text() select new Section(h, f, t))
         from diagnostics in List(from s in Gen.Elements(DiagnosticSeverity.Info, DiagnosticSeverity.Warning, DiagnosticSeverity.Error) from m in Text() select new Diagnostic(s, m))
         select new Postmortem
         {
             Id = $"pm-prop-{Interlocked.Increment(ref _ids)}",
             Title = title,
             Source = new SourceInfo { Kind = kind, Path = path, PageId = pageId },
             Status = scalars[0], Severity = scalars[1], SeverityRaw = scalars[2], Owner = scalars[3],
             Summary = scalars[4], Impact = scalars[5], Detection = scalars[6], Trigger = scalars[7], Resolution = scalars[8],
             Services = lists[0], Teams = lists[1], Authors = lists[2], RootCauses = lists[3], ContributingFactors = lists[4], Tags = lists[5],
             Lessons = new Lessons { WentWell = lists[6], WentWrong = lists[7], GotLucky = lists[8] },
             IncidentStart = times[0], DetectedAt = times[1], MitigatedAt = times[2], ResolvedAt = times[3],
             PostmortemDate = pmDate, Duration = duration, Timeline = timeline, ActionItems = actions, Restricted = restricted,
             Metadata = metadata, Sections = sections, Diagnostics = diagnostics,
         }).ToArbitrary();

    private static string Neutral(Postmortem p) => PostmortemJson.Serialize(p with { Source = p.Source with { ContentHash = "", ImportedAt = null } });

    [Fact]
    public void Any_postmortem_survives_export_then_JSON_lines_import_unchanged()
    {
        using var catalog = new PostmortemCatalog(PostmortemStore.Open(_dir.File("rt.db")), FixedTime.At(2025, 12, 31));
        var importer = new Importer();
        Check.One(Runs(Robust.Size(300, 3000)), Prop.ForAll(Postmortems(), original =>
        {
            var line = PostmortemJson.Serialize(original);
            var outcome = Assert.Single(importer.ReadFile(new SourceFile("backup.jsonl", Encoding.UTF8.GetBytes(line + "\n"))));
            Assert.True(outcome.Error is null, $"{outcome.Error}\n{line}");
            var rows = ImportBatch.Save(catalog, [outcome], "prop");
            Assert.Equal("imported", Assert.Single(rows).Status);
            var restored = catalog.Store.Get(original.Id);
            Assert.NotNull(restored);
            Assert.Equal(Neutral(original), Neutral(restored));
        }));
        Assert.Equal("ok", ((PostmortemStore)catalog.Store).IntegrityCheck());
        Assert.Empty(StoreProbe.HalfWritten(catalog.Store.Location));
    }
}
