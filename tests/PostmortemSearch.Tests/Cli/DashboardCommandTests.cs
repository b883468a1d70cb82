using System.Text.Json;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Cli;

/// <summary>gate, action-items, audit and trends through the CLI (the runner's clock says 2025-12-31).</summary>
public sealed class DashboardCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CliRunner _cli;

    public DashboardCommandTests()
    {
        foreach (var (name, markdown) in SurfaceDocs.Corpus) _dir.Write(Path.Combine("docs", name), markdown);
        _cli = new CliRunner(_dir.Path, _dir.File("pm.db"));
        Assert.Equal(0, _cli.Run("import", "docs").ExitCode);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Gate_fails_with_exit_1_and_the_reasons_while_a_sev1_is_outstanding()
    {
        var result = _cli.Run("gate", "checkout-api");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("gate FAIL: checkout-api", result.Out, StringComparison.Ordinal);
        Assert.Contains("postmortem is 'Draft', not completed 59 days later (allowed 5)", result.Out, StringComparison.Ordinal);
        Assert.Contains("'Rotate certificates automatically' (owner jdoe) was due 2025-11-20, 41 days overdue", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_passes_with_exit_0_for_a_service_with_nothing_outstanding()
    {
        var result = _cli.Run("gate", "payments-gateway");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("gate PASS: payments-gateway (1 gated incident(s)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_thresholds_are_options_and_json_says_why()
    {
        var onlySev2 = _cli.Run("gate", "checkout-api", "--severities", "SEV2");
        var json = _cli.Run("gate", "checkout-api", "--json", "--postmortem-days", "90", "--grace-days", "60");
        var typo = _cli.Run("gate", "chekout-api");
        var bad = _cli.Run("gate", "checkout-api", "--severities", "urgent");

        Assert.Equal(0, onlySev2.ExitCode);                                        // the SEV1 is not gated
        Assert.Equal(0, json.ExitCode);                                            // 59 days < 90, 41 days overdue < 60
        Assert.True(json.Json.GetProperty("pass").GetBoolean());
        Assert.Equal(90, json.Json.GetProperty("options").GetProperty("postmortemDays").GetInt32());
        Assert.Equal(0, typo.ExitCode);
        Assert.Contains("no incidents recorded for service 'chekout-api'", typo.Out, StringComparison.Ordinal);
        Assert.Equal(2, bad.ExitCode);
    }

    [Fact]
    public void A_misspelt_service_passes_with_a_note_on_stderr_and_fails_under_strict()
    {
        var lenient = _cli.Run("gate", "chekout-api");
        var strict = _cli.Run("gate", "chekout-api", "--strict", "--json");
        var strictKnown = _cli.Run("gate", "payments-gateway", "--strict");

        Assert.Equal(0, lenient.ExitCode);
        Assert.Contains("pmsearch: note: no incidents recorded for service 'chekout-api'", lenient.Error, StringComparison.Ordinal);
        Assert.Contains("(pass --strict to fail instead)", lenient.Error, StringComparison.Ordinal);
        Assert.Equal(1, strict.ExitCode);
        Assert.False(strict.Json.GetProperty("pass").GetBoolean());
        Assert.Equal("unknown-service", strict.Json.GetProperty("reasons")[0].GetProperty("kind").GetString());
        Assert.Equal(0, strictKnown.ExitCode);
    }

    [Fact]
    public void Gate_json_lists_each_reason_with_its_kind()
    {
        var json = _cli.Run("gate", "checkout-api", "--json").Json;

        Assert.False(json.GetProperty("pass").GetBoolean());
        Assert.Equal(["postmortem-not-completed", "overdue-action-item"], json.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("kind").GetString()));
    }

    [Fact]
    public void Overdue_report_in_markdown_groups_by_owner_and_team_oldest_due_first_with_ticket_links()
    {
        var result = _cli.Run("action-items", "--overdue", "--format", "md", "--ticket-url", "https://jira.example.com/browse/{key}");

        Assert.Equal(0, result.ExitCode);
        var md = result.Out;
        Assert.StartsWith("## Overdue action items — 2025-12-31", md, StringComparison.Ordinal);
        var search = md.IndexOf("### jdoe · search-team (1)", StringComparison.Ordinal);
        var checkout = md.IndexOf("### jdoe · payments-team (1)", StringComparison.Ordinal);
        Assert.True(search >= 0 && checkout > search, md);                         // due 2025-07-01 before 2025-11-20
        Assert.Contains("[OPS-101](https://jira.example.com/browse/OPS-101)", md, StringComparison.Ordinal);
        Assert.Contains("**183 days overdue**", md, StringComparison.Ordinal);
        Assert.DoesNotContain("Review config pushes", md, StringComparison.Ordinal); // due 2026: not overdue
        Assert.DoesNotContain("Add an expiry alert", md, StringComparison.Ordinal);  // done
    }

    [Fact]
    public void An_item_without_owner_or_team_is_null_in_json_empty_in_csv_and_named_in_markdown()
    {
        _dir.Write("more/orphan.md", SurfaceDocs.Doc("Queue backlog", "orders-api", "SEV3", "2025-10-01 10:00 UTC", "2025-10-01 11:00 UTC", "Final",
            actionItems: "- [ ] Drain the dead-letter queue (due: 2025-10-15)"));
        Assert.Equal(0, _cli.Run("import", "more").ExitCode);

        var json = _cli.Run("action-items", "--overdue", "--service", "orders-api", "--format", "json").Json;
        var csv = _cli.Run("action-items", "--overdue", "--service", "orders-api", "--format", "csv").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var md = _cli.Run("action-items", "--overdue", "--service", "orders-api", "--format", "md").Out;

        var group = Assert.Single(json.GetProperty("groups").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, group.GetProperty("owner").ValueKind);
        Assert.Equal(JsonValueKind.Null, group.GetProperty("team").ValueKind);
        Assert.StartsWith(",,2025-10-15,77,overdue,Drain the dead-letter queue", csv[1], StringComparison.Ordinal);
        Assert.Contains("### (no owner) · (no team) (1)", md, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_for_a_misspelt_service_or_owner_says_so_instead_of_nothing_outstanding()
    {
        var md = _cli.Run("action-items", "--overdue", "--service", "checkout");
        var csv = _cli.Run("action-items", "--owner", "keisha", "--format", "csv");
        var fine = _cli.Run("action-items", "--overdue", "--service", "checkout-api");

        Assert.Equal(0, md.ExitCode);
        Assert.Contains("> ⚠ no incidents recorded for service 'checkout'; check the name (known: checkout-api, payments-gateway, search-api, vasa)", md.Out, StringComparison.Ordinal);
        Assert.Contains("pmsearch: note: no incidents recorded for service 'checkout'", md.Error, StringComparison.Ordinal);
        Assert.Contains("pmsearch: note: no action item is owned by 'keisha'; check the name (known: asmith, jdoe)", csv.Error, StringComparison.Ordinal);
        Assert.StartsWith("owner,team,due", csv.Out, StringComparison.Ordinal);                // the CSV itself stays clean
        Assert.DoesNotContain("⚠", fine.Out, StringComparison.Ordinal);
        Assert.Equal("", fine.Error);
    }

    [Fact]
    public void Overdue_report_as_csv_and_json()
    {
        var csv = _cli.Run("action-items", "--overdue", "--format", "csv").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var json = _cli.Run("action-items", "--overdue", "--format", "json").Json;
        var mine = _cli.Run("action-items", "--owner", "asmith", "--format", "json").Json;

        Assert.StartsWith("owner,team,due,days_overdue,status,action", csv[0], StringComparison.Ordinal);
        Assert.Equal(3, csv.Length);
        Assert.StartsWith("jdoe,search-team,2025-07-01,183,overdue,Load-test pool sizes", csv[1], StringComparison.Ordinal);
        Assert.Equal(2, json.GetProperty("total").GetInt32());
        Assert.Equal("overdue", json.GetProperty("status").GetString());
        Assert.Equal(["search-team", "payments-team"], json.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("team").GetString()));
        Assert.Equal(1, mine.GetProperty("total").GetInt32());                     // open (default): asmith's review item
    }

    [Fact]
    public void Audit_lists_imports_with_the_ids_they_touched()
    {
        var id = _cli.Run("list", "--json").Json[0].GetProperty("id").GetString()!;
        Assert.Equal(0, _cli.Run("import", "docs").ExitCode);                       // all unchanged

        var json = _cli.Run("audit", "--json").Json;
        var text = _cli.Run("audit").Out;

        Assert.Equal(2, json.GetArrayLength());
        var first = json[1];
        Assert.Equal("import", first.GetProperty("action").GetString());
        Assert.Equal(4, first.GetProperty("postmortemIds").GetArrayLength());
        Assert.Contains(id, first.GetProperty("postmortemIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, json[0].GetProperty("postmortemIds").GetArrayLength());     // the re-import changed nothing
        Assert.Contains($"imported  {id}", text, StringComparison.Ordinal);
        Assert.Contains("(4 unchanged)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Trends_default_to_where_the_data_is_and_say_what_was_left_out()
    {
        var json = _cli.Run("trends", "--json").Json;
        var periods = json.GetProperty("periods").EnumerateArray().Select(p => p.GetProperty("period").GetString()).ToList();
        var span = json.GetProperty("span");

        Assert.Equal(["2025Q2", "2025Q3", "2025Q4"], periods);                     // not 1,590 quarters from 1628
        Assert.Equal("1628-08-10", span.GetProperty("dataFrom").GetString());
        Assert.Equal(1, span.GetProperty("outside").GetInt32());
        Assert.Contains("earliest 1628-08-10", span.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Contains("note: 1 incident dated long before the rest", _cli.Run("trends").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Trends_take_a_range_and_filters_and_stop_at_the_last_period_with_data()
    {
        var ranged = _cli.Run("trends", "--by", "month", "--from", "2025-06-01", "--to", "2026-06-30", "--json").Json;
        var checkout = _cli.Run("trends", "--service", "checkout-api", "--json").Json;
        var sev3 = _cli.Run("trends", "--severity", "S3", "--from", "2025-01-01", "--json").Json;   // from the period of --from
        var tooLong = _cli.Run("trends", "--by", "month", "--from", "1600-01-01");

        var months = ranged.GetProperty("periods").EnumerateArray().Select(p => p.GetProperty("period").GetString()).ToList();
        Assert.Equal("2025-06", months[0]);
        Assert.Equal("2025-11", months[^1]);                                       // not 2026-06: no data after November
        var only = Assert.Single(checkout.GetProperty("periods").EnumerateArray());
        Assert.Equal(1, only.GetProperty("incidents").GetProperty("n").GetInt32());
        Assert.Equal(20, only.GetProperty("timeToDetectMinutes").GetProperty("median").GetDouble());
        Assert.Equal(100, only.GetProperty("timeToResolveMinutes").GetProperty("median").GetDouble());
        Assert.Equal("service checkout-api", checkout.GetProperty("filter").GetString());
        Assert.Equal(["2025Q1", "2025Q2"], sev3.GetProperty("periods").EnumerateArray().Select(p => p.GetProperty("period").GetString()));
        Assert.Equal(2, tooLong.ExitCode);
        Assert.Contains("at most 240 can be shown", tooLong.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Trends_take_quarters_months_and_years_as_bounds_and_name_an_unknown_team()
    {
        var quarters = _cli.Run("trends", "--from", "2025Q2", "--to", "2025Q3", "--json").Json;
        var months = _cli.Run("trends", "--by", "month", "--from", "2025-09", "--to", "2025-09", "--json").Json;
        var year = _cli.Run("trends", "--from", "2025", "--json").Json;
        var typo = _cli.Run("trends", "--team", "paymnets-team");
        var bad = _cli.Run("trends", "--from", "2025Q5");

        Assert.Equal(["2025Q2", "2025Q3"], quarters.GetProperty("periods").EnumerateArray().Select(p => p.GetProperty("period").GetString()));
        Assert.Equal("2025-09-10", quarters.GetProperty("span").GetProperty("to").GetString());        // to: 2025Q3's last day, cut to its last incident
        Assert.Equal(["2025-09"], months.GetProperty("periods").EnumerateArray().Select(p => p.GetProperty("period").GetString()));
        Assert.Equal("2025-01-01", year.GetProperty("span").GetProperty("from").GetString());
        Assert.Equal(JsonValueKind.Null, year.GetProperty("filterNote").ValueKind);
        Assert.Equal(0, typo.ExitCode);
        Assert.Contains("note: no incidents recorded for team 'paymnets-team'; check the name (known: payments-team, search-team)", typo.Out, StringComparison.Ordinal);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--from: '2025Q5' is not a date like 2025-03-31, a month like 2025-03, a year like 2025 or a quarter like 2025Q1", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Review_takes_the_same_filters()
    {
        var all = _cli.Run("review", "2025Q4", "--format", "json").Json;
        var search = _cli.Run("review", "2025Q4", "--format", "json", "--team", "search-team").Json;

        Assert.Equal(1, all.GetProperty("postmortemIds").GetArrayLength());
        Assert.Equal(0, search.GetProperty("postmortemIds").GetArrayLength());
        Assert.Equal("", all.GetProperty("filter").GetString());
        Assert.Equal("team search-team", search.GetProperty("filter").GetString());
    }

    [Fact]
    public void A_filtered_review_counts_repeats_as_trends_does_and_names_a_misspelt_team()
    {
        // Only the SEV1 (checkout, November) is counted; its certificate cause was seen in September (payments, SEV2).
        var review = _cli.Run("review", "2025Q4", "--severity", "SEV1", "--format", "json").Json;
        var trends = _cli.Run("trends", "--severity", "SEV1", "--from", "2025Q4", "--json").Json;
        var typo = _cli.Run("review", "2025Q4", "--team", "paymnets-team");

        var q4 = Assert.Single(trends.GetProperty("periods").EnumerateArray());
        Assert.Equal(1.0, q4.GetProperty("recurrenceRate").GetProperty("value").GetDouble());
        Assert.Equal(1.0, review.GetProperty("recurrenceRate").GetProperty("value").GetDouble());
        Assert.Equal(JsonValueKind.Null, review.GetProperty("filterNote").ValueKind);
        Assert.Contains("> ⚠ no incidents recorded for team 'paymnets-team'; check the name (known: payments-team, search-team).", typo.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_filtered_review_states_its_filter_in_every_format_and_gives_time_to_detect_and_resolve()
    {
        var md = _cli.Run("review", "2025Q4", "--service", "checkout-api").Out;
        var unfiltered = _cli.Run("review", "2025Q4").Out;
        var csv = _cli.Run("review", "2025Q4", "--service", "checkout-api", "--format", "csv").Out;
        var html = _cli.Run("review", "2025Q4", "--service", "checkout-api", "--format", "html").Out;
        var json = _cli.Run("review", "2025Q4", "--format", "json").Json;

        Assert.Contains("Filter: service checkout-api. Every figure counts only these postmortems", md, StringComparison.Ordinal);
        Assert.DoesNotContain("Filter:", unfiltered, StringComparison.Ordinal);
        Assert.Contains("filter,,filter,service checkout-api,", csv, StringComparison.Ordinal);
        Assert.Contains("<b>Filter: service checkout-api.</b>", html, StringComparison.Ordinal);
        // checkout: detected 20 minutes after the start, resolved 100 minutes after detection; 2025Q3 (payments): 5 and 55
        Assert.Contains("| time to detect, median minutes (n) | 20 (n=1) | 5 (n=1) |", unfiltered, StringComparison.Ordinal);
        Assert.Contains("| time to resolve, median minutes (n) | 100 (n=1) | 55 (n=1) |", unfiltered, StringComparison.Ordinal);
        Assert.Contains("figure,,\"time to detect, median minutes\",20,2025Q4", csv, StringComparison.Ordinal);
        Assert.Equal(20, json.GetProperty("timeToDetectMinutes").GetProperty("median").GetDouble());
        Assert.Equal(55, json.GetProperty("previousQuarter").GetProperty("timeToResolveMinutes").GetProperty("median").GetDouble());
    }
}
