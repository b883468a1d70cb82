using System.Text;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Cli;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Importers.Extraction;

/// <summary>
/// Issue 10 class 12, dates a document never meant: what it says is kept, a year before 1970 or a time after the import
/// is flagged, a time that cannot exist with its offset is rejected, and a page's last-modified date is no postmortem date.
/// </summary>
public sealed class DateSanityTests
{
    private static Postmortem Import(string name, string text, TimeProvider? clock = null) =>
        Assert.Single(Assert.Single(new Importer(clock: clock ?? FixedTime.At(2025, 12, 31)).ReadFile(new SourceFile(name, Encoding.UTF8.GetBytes(text)))).Postmortems);

    private static Postmortem Markdown(string metadata) =>
        Import("doc.md", $"# Ledger stalled\n{metadata}\n\n## Summary\nThe ledger stopped writing.\n\n## Root cause\nA lock was never released.\n");

    private static IEnumerable<string> Warnings(Postmortem p) => p.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).Select(d => d.Message);

    [Fact]
    public void A_typo_year_is_kept_as_written_and_flagged()
    {
        var p = Markdown("Incident start: 0205-03-04 10:00 UTC");

        Assert.Equal("0205-03-04T10:00:00+00:00", p.IncidentStart.ToString());
        Assert.Contains(Warnings(p), w => w.Contains("incident start is in the year 205 (before 1970)", StringComparison.Ordinal));
    }

    [Fact]
    public void An_incident_time_after_the_import_day_is_flagged()
    {
        var p = Markdown("Incident start: 2027-01-05 10:00 UTC");

        Assert.Equal("2027-01-05T10:00:00+00:00", p.IncidentStart.ToString());
        Assert.Contains(Warnings(p), w => w.Contains("incident start (2027-01-05) is after the day it was imported", StringComparison.Ordinal));
    }

    [Fact]
    public void A_normal_incident_and_a_due_date_next_month_are_not_flagged()
    {
        var p = Import("doc.md", "# Ledger stalled\nIncident start: 2025-12-20 10:00 UTC\n\n## Summary\nThe ledger stopped.\n\n## Action items\n- Add a lock timeout (owner: @kim, due 2026-01-31)\n");

        Assert.Equal(new DateOnly(2026, 1, 31), Assert.Single(p.ActionItems).Due);
        Assert.DoesNotContain(Warnings(p), w => w.Contains("kept as written", StringComparison.Ordinal));
    }

    [Fact]
    public void A_due_date_years_ahead_is_flagged()
    {
        var p = Import("doc.md", "# Ledger stalled\nIncident start: 2025-12-20 10:00 UTC\n\n## Summary\nThe ledger stopped.\n\n## Action items\n- Add a lock timeout (owner: @kim, due 2062-01-31)\n");

        Assert.Contains(Warnings(p), w => w.Contains("(2062-01-31) is more than a year after the day it was imported", StringComparison.Ordinal));
    }

    [Fact]
    public void A_time_that_cannot_exist_with_its_offset_is_rejected_not_stored_without_its_zone()
    {
        var p = Markdown("Incident start: 0001-01-01T00:00:00+14:00\n\nResolved: 2025-03-04 11:00 UTC");

        Assert.NotEqual("0001-01-01T00:00:00", p.IncidentStart?.ToString());
        Assert.False(p.IncidentStart is { Local.Year: 1 }, "the unrepresentable start was kept");
        Assert.Contains(Warnings(p), w => w.Contains("cannot be represented with its offset", StringComparison.Ordinal));
        Assert.Equal("2025-03-04T11:00:00+00:00", p.ResolvedAt.ToString());
    }

    [Fact]
    public void A_four_letter_month_abbreviation_is_read()
    {
        var p = Markdown("Incident start: Sept 30, 2024 14:05 UTC");

        Assert.Equal("2024-09-30T14:05:00+00:00", p.IncidentStart.ToString());
    }

    [Fact]
    public void A_confluence_last_modified_date_is_not_the_postmortem_date()
    {
        const string html = "<html><head><title>Ops : Ledger stalled</title></head><body><div id=\"main-header\"><h1 id=\"title-heading\"><span id=\"title-text\">Ops : Ledger stalled</span></h1></div>" +
            "<div class=\"page-metadata\">Created by <span class='author'> Ana Ruiz</span>, last modified by <span class='editor'> Sync Bot</span> on 02 May 2025</div>" +
            "<div id=\"main-content\"><p>Severity: SEV3</p><p>Incident start: 2025-03-04 10:00 UTC</p><h2>Summary</h2><p>The ledger stopped writing for forty minutes.</p>" +
            "<h2>Root cause</h2><p>A lock was never released.</p></div></body></html>";

        var p = Import("Ledger-stalled_555.html", html);

        Assert.Null(p.PostmortemDate);
        Assert.Contains(p.Diagnostics, d => d.Message.Contains("last-modified date (2025-05-02) is not taken", StringComparison.Ordinal));
        Assert.DoesNotContain(p.Diagnostics, d => d.Message.Contains("creation date", StringComparison.Ordinal));
    }

    [Fact]
    public void The_cli_import_flags_a_typo_year_in_show_json()
    {
        using var dir = new TempDirectory();
        dir.Write("docs/ledger.md", "# Ledger stalled\nIncident start: 1025-03-04 10:00 UTC\n\n## Summary\nThe ledger stopped writing.\n\n## Root cause\nA lock was never released.\n");
        var cli = new CliRunner(dir.Path, dir.File("pm.db"));
        Assert.Equal(0, cli.Run("import", "docs").ExitCode);

        var id = Assert.Single(cli.Run("list", "--json").Json.EnumerateArray()).GetProperty("id").GetString()!;
        var shown = cli.Run("show", id, "--json").Json;
        Assert.Equal("1025-03-04T10:00:00+00:00", shown.GetProperty("incidentStart").GetString());
        Assert.Contains(shown.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("message").GetString()!.Contains("year 1025 (before 1970)", StringComparison.Ordinal));
    }
}
