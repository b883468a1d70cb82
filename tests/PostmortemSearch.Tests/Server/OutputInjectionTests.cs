using System.Net;
using System.Text;
using PostmortemSearch.Tests.Robustness;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Server;

/// <summary>What documents say never becomes a spreadsheet formula, raw HTML in Markdown, a 500 for a bad upload, or a different "overdue".</summary>
public sealed class OutputInjectionTests
{
    private static readonly DateTimeOffset June = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private const string Hostile = """
        ---
        title: "=HYPERLINK(""http://attacker.example"",""Click"")"
        severity: SEV2
        services: [checkout-api]
        start: 2025-03-04 14:02 UTC
        resolved: 2025-03-04 15:10 UTC
        tags: ["@SUM(1+1)"]
        ---
        # Checkout outage

        ## Summary
        Checkout failed <img src=x onerror=alert(1)> after the certificate expired.

        ## Root Causes
        - The TLS certificate expired.

        ## Action Items
        - [ ] =cmd|' /C calc'!A0 (owner: @attacker, due: 2025-03-10)
        - [ ] +SUM(A1:A9) &lt;script&gt;alert(2)&lt;/script&gt; (owner: -jdoe, due: 2025-03-11)
        """;

    [Fact]
    public async Task Review_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised()
    {
        using var host = new ApiHost(now: June);
        host.Import("hostile.md", Hostile);

        var csv = await (await host.Client().GetAsync(new Uri("/api/reviews/2025Q1.csv", UriKind.Relative))).Content.ReadAsStringAsync();

        Assert.Contains("cmd|", csv, StringComparison.Ordinal);
        foreach (var cell in CsvCells(csv))
            Assert.False(cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(cell, System.Globalization.CultureInfo.InvariantCulture, out _), $"formula cell: {cell}");
        Assert.Contains("'=cmd", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_markdown_escapes_html_that_documents_carry()
    {
        using var host = new ApiHost(now: June);
        host.Import("hostile.md", Hostile);

        var md = await (await host.Client().GetAsync(new Uri("/api/reviews/2025Q1.md", UriKind.Relative))).Content.ReadAsStringAsync();

        Assert.Contains("&lt;script&gt;", md, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", md, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", md, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Wont_do_and_cancelled_action_items_are_never_overdue()
    {
        using var host = new ApiHost(now: June);
        host.Import("items.md", """
            ---
            title: Queue backlog
            severity: SEV3
            start: 2025-03-04 14:02 UTC
            ---
            ## Summary
            The queue backed up.

            ## Action Items
            | Action | Owner | Due | Status |
            |---|---|---|---|
            | Drop the legacy consumer | jdoe | 2025-03-10 | Won't Do |
            | Rewrite the scheduler | jdoe | 2025-03-10 | Cancelled |
            | Add a backlog alert | asmith | 2025-03-10 | Open |
            """);

        var overdue = await ApiHost.Json(await host.Client().GetAsync(new Uri("/api/action-items?status=overdue", UriKind.Relative)));
        var review = await ApiHost.Json(await host.Client().GetAsync(new Uri("/api/reviews/2025Q1", UriKind.Relative)));

        var texts = overdue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()).ToList();
        Assert.Equal(["Add a backlog alert"], texts);
        Assert.Equal(1, overdue.GetProperty("overdue").GetInt32());
        Assert.Equal(review.GetProperty("actionItems").GetProperty("overdue").GetInt32(), overdue.GetProperty("overdue").GetInt32());
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("wrong-boundary")]
    [InlineData("no-end")]
    public async Task A_malformed_multipart_upload_is_a_400_not_a_500(string kind)
    {
        using var dir = new TempDirectory();
        await using var host = await KestrelHost.StartAsync(dir.File("pm.db"));
        using var client = host.Client();
        var body = kind switch
        {
            "truncated" => "--XYZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.md\"\r\nContent-Type: text/markdown\r\n\r\n# Title\nsome text",
            "wrong-boundary" => "--OTHER\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.md\"\r\n\r\n# Title\r\n--OTHER--\r\n",
            _ => "--XYZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.md\"\r\n\r\n# Title\r\n--XYZ",
        };
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=XYZ");

        var response = await client.PostAsync(new Uri("/api/import", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"id\": 5, \"title\": \"x\", \"source\": {\"kind\": \"jsonl\", \"path\": \"a\"}}")]
    [InlineData("{\"id\": \"pm-a\", \"title\": \"x\"}")]
    [InlineData("{\"id\": \"pm-a\", \"title\": \"x\", \"source\": {\"kind\": \"jsonl\", \"path\": \"a\"}, \"actionItems\": [{\"text\": \"t\", \"due\": \"soon\"}]}")]
    public async Task Import_errors_name_the_file_and_problem_without_internal_type_names(string line)
    {
        using var host = new ApiHost();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(line + "\n"));
        using var upload = new MultipartFormDataContent { { file, "files", "backup.jsonl" } };

        var rows = await ApiHost.Json(await host.Client().PostAsync(new Uri("/api/import", UriKind.Relative), upload));

        var row = Assert.Single(rows.EnumerateArray());
        Assert.Equal("rejected", row.GetProperty("status").GetString());
        Assert.Equal("backup.jsonl", row.GetProperty("path").GetString());
        var error = row.GetProperty("error").GetString()!;
        Assert.Contains("line 1", error, StringComparison.Ordinal);
        Assert.DoesNotContain("PostmortemSearch.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
    }

    private static IEnumerable<string> CsvCells(string csv)
    {
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"' && cell.Length == 0) quoted = true;
            else if (c is ',' or '\n')
            {
                yield return cell.ToString().TrimEnd('\r');
                cell.Clear();
            }
            else cell.Append(c);
        }
        if (cell.Length > 0) yield return cell.ToString();
    }
}
