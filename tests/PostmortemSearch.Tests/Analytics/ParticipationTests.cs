using System.Net;
using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Tests.Cli;
using PostmortemSearch.Tests.Server;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Analytics;

/// <summary>
/// Participation in the quarterly review: per quarter, how many postmortems list participants (n) and the median / p90
/// they list — in the review object, its JSON, Markdown, HTML and CSV, through the API and the CLI.
/// </summary>
public sealed class ParticipationTests
{
    /// <summary>A Q3 write-up listing <paramref name="people"/> (none: no participant line at all).</summary>
    public static string Doc(string title, string date, params string[] people) => $"""
        ---
        title: "{title}"
        severity: SEV3
        services: [ledger]
        start: {date} 10:00 UTC
        resolved: {date} 11:00 UTC
        postmortem date: {date[..8]}25
        ---
        # {title}

        {(people.Length == 0 ? "" : "## Attendees\n\n" + string.Join("\n", people.Select(p => $"- {p}")))}

        ## Summary
        Ledger writes stalled for an hour while a replica was rebuilt.

        ## Root cause
        The rebuild ran on the primary's disk.
        """;

    /// <summary>2025Q3: three postmortems, two listing people (3 and 6); 2025Q2: one listing 2.</summary>
    public static readonly (string Name, string Markdown)[] Corpus =
    [
        ("q3-a.md", Doc("Ledger stall during replica rebuild", "2025-07-08", "Ines Duarte (IC)", "Kofi Mensah", "Wren Holloway — scribe")),
        ("q3-b.md", Doc("Ledger write latency after index change", "2025-08-12", "Ines Duarte", "Kofi Mensah", "Oren Tal", "Mara Lind", "Joss Abara", "Priti Rao")),
        ("q3-c.md", Doc("Ledger export job retried all night", "2025-09-02")),
        ("q2-a.md", Doc("Ledger backup missed its window", "2025-05-20", "Ines Duarte", "Oren Tal")),
    ];

    [Fact]
    public void Postmortems_that_list_nobody_are_left_out_not_counted_as_zero()
    {
        var pms = new[] { 0, 2, 4, 5, 9 }.Select((n, i) => Some.Postmortem($"p{i}", start: "2025-07-0" + (i + 1) + "T10:00:00Z") with
        {
            Participants = [.. Enumerable.Range(0, n).Select(k => $"Person {k}")],
        }).ToList();

        var p = Participation.Of(pms);

        Assert.Equal((5, 4), (p.Postmortems, p.Listing));
        Assert.Equal(4, p.Participants.N);
        Assert.Equal(4.5, p.Participants.Median);
        Assert.Equal(7.8, p.Participants.P90);   // type 7 over 2, 4, 5, 9
    }

    [Fact]
    public void The_review_reports_participation_per_quarter_in_every_format()
    {
        var pms = Corpus.Select(c => Importer(c.Name, c.Markdown)).ToList();

        var review = QuarterlyReview.Build(pms, "2025Q3", new DateOnly(2025, 12, 31));

        Assert.Equal((3, 2), (review.Participation.Postmortems, review.Participation.Listing));
        Assert.Equal((2, 4.5, 5.7), (review.Participation.Participants.N, review.Participation.Participants.Median, review.Participation.Participants.P90));
        Assert.Equal((1, 1, 2.0), (review.PreviousQuarter.Participation.Postmortems, review.PreviousQuarter.Participation.Listing, review.PreviousQuarter.Participation.Participants.Median));

        var md = ReviewRenderer.ToMarkdown(review);
        Assert.Contains("Participation: 2 of 3 postmortems list participants: median 4.5, p90 5.7 (n=2)", md, StringComparison.Ordinal);
        Assert.Contains("| postmortems listing participants | 2 of 3 | 1 of 1 |", md, StringComparison.Ordinal);
        Assert.Contains("| participants, median (n) | 4.5 (n=2) | 2 (n=1) |", md, StringComparison.Ordinal);
        Assert.Contains("id=\"participation\">Participation: 2 of 3 postmortems", ReviewRenderer.ToHtml(review), StringComparison.Ordinal);

        var csv = ReviewRenderer.ToCsv(review).Split("\r\n");
        Assert.Contains("figure,,\"participants, median\",4.5,2025Q3", csv);
        Assert.Contains("figure,,\"participants, p90\",5.7,2025Q3", csv);
        Assert.Contains("figure,,\"participants, n\",2,2025Q3", csv);
        Assert.Contains("figure,,postmortems listing participants,2,2025Q3", csv);
        Assert.Contains("previousQuarter,,\"participants, median\",2,2025Q2", csv);
    }

    [Fact]
    public async Task The_api_serves_participation_in_json_csv_and_markdown()
    {
        using var host = new ApiHost();
        foreach (var (name, markdown) in Corpus) host.Import(name, markdown);
        using var client = host.Client();

        var json = await ApiHost.Json(await client.GetAsync(new Uri("/api/reviews/2025Q3", UriKind.Relative)));
        var p = json.GetProperty("participation");
        Assert.Equal(2, p.GetProperty("listing").GetInt32());
        Assert.Equal(3, p.GetProperty("postmortems").GetInt32());
        Assert.Equal(4.5, p.GetProperty("participants").GetProperty("median").GetDouble());
        Assert.Equal(5.7, p.GetProperty("participants").GetProperty("p90").GetDouble());
        Assert.Equal(2, p.GetProperty("participants").GetProperty("n").GetInt32());
        Assert.Equal(1, json.GetProperty("previousQuarter").GetProperty("participation").GetProperty("listing").GetInt32());

        var csv = await client.GetAsync(new Uri("/api/reviews/2025Q3.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Contains("figure,,\"participants, median\",4.5,2025Q3", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("2 of 3 postmortems list participants", await client.GetStringAsync(new Uri("/api/reviews/2025Q3.md", UriKind.Relative)), StringComparison.Ordinal);

        var incident = await ApiHost.Json(await client.GetAsync(new Uri($"/api/postmortems/{json.GetProperty("postmortemIds")[0].GetString()}", UriKind.Relative)));
        Assert.Equal(["Ines Duarte", "Kofi Mensah", "Wren Holloway"], incident.GetProperty("participants").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void The_cli_review_carries_participation()
    {
        using var dir = new TempDirectory();
        foreach (var (name, markdown) in Corpus) dir.Write(Path.Combine("docs", name), markdown);
        var cli = new CliRunner(dir.Path, dir.File("pm.db"));
        Assert.Equal(0, cli.Run("import", "docs").ExitCode);

        var json = cli.Run("review", "2025Q3", "--format", "json");
        Assert.Equal(0, json.ExitCode);
        Assert.Equal(2, json.Json.GetProperty("participation").GetProperty("listing").GetInt32());
        Assert.Contains("Participation: 2 of 3 postmortems list participants: median 4.5, p90 5.7 (n=2)", cli.Run("review", "2025Q3").Out, StringComparison.Ordinal);
        var stall = cli.Run("list", "--json").Json.EnumerateArray().Single(p => p.GetProperty("title").GetString() == "Ledger stall during replica rebuild");
        var shown = cli.Run("show", stall.GetProperty("id").GetString()!, "--json").Json;
        Assert.Equal(["Ines Duarte", "Kofi Mensah", "Wren Holloway"], shown.GetProperty("participants").EnumerateArray().Select(e => e.GetString()));
    }

    private static Core.Schema.Postmortem Importer(string name, string markdown) =>
        Assert.Single(Assert.Single(new PostmortemSearch.Importers.Importer().ReadFile(new PostmortemSearch.Importers.SourceFile(name, System.Text.Encoding.UTF8.GetBytes(markdown)))).Postmortems);
}
