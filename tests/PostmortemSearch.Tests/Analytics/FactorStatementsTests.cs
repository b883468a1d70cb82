using PostmortemSearch.Core.Analytics;

namespace PostmortemSearch.Tests.Analytics;

public class FactorStatementsTests
{
    [Fact]
    public void Every_list_entry_and_prose_sentence_becomes_a_statement_with_its_kind()
    {
        var pm = Some.Postmortem("pm-1",
            rootCauses: ["The TLS certificate expired. Renewal was manual and nobody owned it."],
            factors: ["- No alert on certificate expiry", "2. Runbook for rotation was outdated"],
            trigger: "A scheduled job restarted the proxies at 02:00.");

        var statements = FactorStatements.Extract(pm);

        Assert.Equal(
            [
                ("The TLS certificate expired", FactorKind.RootCause),
                ("Renewal was manual and nobody owned it", FactorKind.RootCause),
                ("No alert on certificate expiry", FactorKind.ContributingFactor),
                ("Runbook for rotation was outdated", FactorKind.ContributingFactor),
                ("A scheduled job restarted the proxies at 02:00", FactorKind.Trigger),
            ],
            statements.Select(s => (s.Text.TrimEnd('.'), s.Kind)).ToList());
        Assert.All(statements, s => Assert.Equal("pm-1", s.PostmortemId));
    }

    [Theory]
    [InlineData("OOM", true)]                 // short, but a cause term
    [InlineData("Cert expiry", true)]         // short, but a cause term
    [InlineData("See above", false)]          // short fragment without a cause
    [InlineData("N/A", false)]
    [InlineData("Queue consumers fell behind", true)]
    public void Short_fragments_are_kept_only_when_they_carry_a_cause_term(string text, bool kept)
    {
        var statements = FactorStatements.Extract(Some.Postmortem("pm", factors: [text]));
        Assert.Equal(kept, statements.Count == 1);
    }

    [Fact]
    public void Bullets_numbering_and_checkboxes_are_stripped_and_lines_split()
    {
        var pm = Some.Postmortem("pm", factors: ["* first cause of the outage\n• second cause here today\n(a) third cause in list\n[x] fourth cause was found"]);
        Assert.Equal(
            ["first cause of the outage", "second cause here today", "third cause in list", "fourth cause was found"],
            FactorStatements.Extract(pm).Select(s => s.Text).ToList());
    }

    [Fact]
    public void Initials_and_abbreviations_do_not_split_sentences()
    {
        var pm = Some.Postmortem("pm", rootCauses: ["J.D. rolled back the deploy, e.g. the canary step was skipped. Then traffic recovered."]);
        Assert.Equal(2, FactorStatements.Extract(pm).Count);
    }
}
