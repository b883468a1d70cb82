using System.Text.Json;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Cli;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Importers.Extraction;

/// <summary>
/// Issue 10 class 6, GitLab's incident-review template: Question | Answer tables, "Minutes downtime" bullets, issue
/// references as tickets, trailing quick actions. The sample (Importers/Fixtures/gitlab-incident-review-webhooks.md) was
/// written for this test in the template's shape; it is read through the importer and through the CLI.
/// </summary>
public sealed class GitLabTemplateTests
{
    private const string Fixture = "gitlab-incident-review-webhooks.md";

    private static string FixturePath => Path.Combine(RepoPaths.Root, "tests", "PostmortemSearch.Tests", "Importers", "Fixtures", Fixture);

    private static Postmortem Import() =>
        Assert.Single(Assert.Single(new Importer().ReadFile(new SourceFile(Fixture, File.ReadAllBytes(FixturePath)))).Postmortems);

    [Fact]
    public void Question_and_answer_tables_become_sub_sections_that_feed_their_fields()
    {
        var p = Import();

        Assert.Equal("The Sidekiq queue-latency SLO alert for catchall-b paged the EOC.", p.Detection);
        Assert.Equal("The shard's Redis client pool was restarted against the new primary and the backlog drained on its own.", p.Resolution);
        Assert.DoesNotContain("Question | Answer", p.Impact, StringComparison.Ordinal);
        Assert.Contains("Roughly 3,400 namespaces", p.Impact, StringComparison.Ordinal);
        Assert.Contains(p.Sections, s => s.Heading == "How was the incident detected?" && s.Field == "detection");
        Assert.Contains(p.Sections, s => s.Heading == "What steps were taken to remediate?" && s.Field == "resolution");
        // "Did alarming work as expected? | Yes." is kept as a section, but a bare "Yes." is no detection prose.
        Assert.Contains(p.Sections, s => s.Heading == "Did alarming work as expected?" && s.Field is null && s.Text == "Yes.");
        // The question-form key "When was the incident detected?" is the detection time.
        Assert.Equal("2026-09-14T08:31:00+00:00", p.DetectedAt.ToString());
    }

    [Fact]
    public void Summary_bullets_are_metadata_and_minutes_downtime_is_the_duration()
    {
        var p = Import();

        Assert.Equal(["Webhooks", "Sidekiq shard catchall-b"], p.Services);
        Assert.Equal(["Scalability"], p.Teams);
        // The timeline runs 08:22 to 09:09 (47 minutes); the document states 40 minutes of downtime, and that wins.
        Assert.Equal(TimeSpan.FromMinutes(40), p.Duration);
        Assert.DoesNotContain("Team attribution", p.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("Minutes downtime", p.Summary, StringComparison.Ordinal);
        Assert.StartsWith("A Redis failover left one Sidekiq shard", p.Summary, StringComparison.Ordinal);
        Assert.Equal(["tokafor"], p.Authors);
        Assert.Equal("lbarros", p.Owner);
    }

    [Fact]
    public void Issue_references_are_tickets_and_quick_actions_are_dropped()
    {
        var p = Import();

        Assert.Equal(3, p.ActionItems.Count);
        Assert.Equal(["https://gitlab.example.net/infra/sidekiq/-/issues/812", "infra/runbooks#233", "#20931"], p.ActionItems.Select(a => a.Ticket));
        Assert.Equal(["Move catchall-b to Sentinel discovery like the other shards", "Add a failover drill for every Sidekiq shard to the quarterly game day",
            "Alert when a shard's dequeue rate is zero while its queue grows"], p.ActionItems.Select(a => a.Text));
        Assert.Equal([ActionStatus.Done, ActionStatus.Open, ActionStatus.Open], p.ActionItems.Select(a => a.Status));
        Assert.Equal(["lbarros", "tokafor", "Scalability team"], p.ActionItems.Select(a => a.Owner));
        Assert.DoesNotContain(p.Sections, s => s.Text.Contains("/label", StringComparison.Ordinal) || s.Text.Contains("/assign", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://gitlab.example.com/grp/proj/-/issues/5521 - Pin the limit - Owner: @a - Due: 2026-11-10", "https://gitlab.example.com/grp/proj/-/issues/5521", "Pin the limit")]
    [InlineData("grp/sub/proj#41 - Pin the limit - Owner: @a - Due: 2026-11-10", "grp/sub/proj#41", "Pin the limit")]
    [InlineData("#77 - Pin the limit - Owner: @a - Due: 2026-11-10", "#77", "Pin the limit")]
    // A GitHub issue URL in the middle of the line is the ticket too.
    [InlineData("Pin the limit (https://github.com/acme/proxy/issues/12), owner: @a", "https://github.com/acme/proxy/issues/12", "Pin the limit")]
    // "#2" in the words of the item is a count, not an issue: only a leading "#N" or one of three digits or more is.
    [InlineData("Retry #2 of the nightly job must alert - owner: @a", null, "Retry #2 of the nightly job must alert")]
    // A Jira key still wins over an issue URL that only links to it.
    [InlineData("OPS-12: Pin the limit (owner: @a)", "OPS-12", "Pin the limit")]
    public void Ticket_references_in_action_lines(string line, string? ticket, string text)
    {
        var p = Some.FromMarkdown($"# Outage\n## Summary\nIt broke.\n## Corrective actions\n- {line}\n");

        var item = Assert.Single(p.ActionItems);
        Assert.Equal(ticket, item.Ticket);
        Assert.Equal(text, item.Text);
    }

    [Fact]
    public void A_dash_segment_with_owner_due_and_status_gives_all_three()
    {
        // En dashes between the parts, and owner, due date and status together in the last one.
        var p = Some.FromMarkdown("# Outage\n## Summary\nIt broke.\n## Corrective actions\n" +
            "- Limit the matrix to listed projects – https://gitlab.example.org/ci/-/issues/44 – owner Maren Falk, due 2026-03-06 (done)\n");

        var item = Assert.Single(p.ActionItems);
        Assert.Equal("Maren Falk", item.Owner);
        Assert.Equal(new DateOnly(2026, 3, 6), item.Due);
        Assert.Equal(ActionStatus.Done, item.Status);
        Assert.Equal("https://gitlab.example.org/ci/-/issues/44", item.Ticket);
        Assert.Equal("Limit the matrix to listed projects", item.Text);
    }

    [Theory]
    [InlineData("/label ~\"severity::2\" ~RCA")]
    [InlineData("/assign @mkaur")]
    [InlineData("/label ~incident\n/assign @mkaur\n/due 2026-12-01")]
    public void Quick_action_lines_are_not_action_items_or_text(string lines)
    {
        var p = Some.FromMarkdown($"# Outage\n## Summary\nIt broke.\n## Corrective actions\n- Pin the limit - Owner: @a - Due: 2026-11-10 - Status: Open\n\n{lines}\n");

        Assert.Equal("Pin the limit", Assert.Single(p.ActionItems).Text);
        Assert.DoesNotContain(p.Sections, s => s.Text.Contains("@mkaur", StringComparison.Ordinal) || s.Text.Contains("~incident", StringComparison.Ordinal));
    }

    [Fact]
    public void A_path_that_opens_a_line_is_not_a_quick_action()
    {
        var p = Some.FromMarkdown("# Disk full\n## Summary\nThe log volume filled.\n\n/var/log/postgres grew by 30 GB an hour.\n");

        Assert.Contains("/var/log/postgres grew", p.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cli_imports_the_template_and_show_and_export_carry_what_it_says()
    {
        using var dir = new TempDirectory();
        File.Copy(FixturePath, dir.File(Fixture));
        var cli = new CliRunner(dir.Path, dir.File("pm.db"));
        Assert.Equal(0, cli.Run("import", Fixture).ExitCode);

        var id = Assert.Single(cli.Run("list", "--json").Json.EnumerateArray()).GetProperty("id").GetString()!;
        var shown = cli.Run("show", id, "--json").Json;
        Assert.Equal("00:40:00", shown.GetProperty("duration").GetString());
        Assert.Equal(["https://gitlab.example.net/infra/sidekiq/-/issues/812", "infra/runbooks#233", "#20931"],
            shown.GetProperty("actionItems").EnumerateArray().Select(a => a.GetProperty("ticket").GetString()));
        Assert.Equal("The Sidekiq queue-latency SLO alert for catchall-b paged the EOC.", shown.GetProperty("detection").GetString());

        var exported = cli.Run("export");
        Assert.Equal(0, exported.ExitCode);
        var line = JsonDocument.Parse(Assert.Single(exported.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal(3, line.GetProperty("actionItems").GetArrayLength());
        Assert.DoesNotContain("/label", exported.Out, StringComparison.Ordinal);
        Assert.Equal("The shard's Redis client pool was restarted against the new primary and the backlog drained on its own.", line.GetProperty("resolution").GetString());
    }
}
