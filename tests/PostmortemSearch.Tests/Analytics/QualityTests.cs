using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Tests.Analytics;

public class QualityTests
{
    public static TheoryData<string, string?, string> Blamey => new()
    {
        { "Dave failed to renew the certificate.", "Dave failed to", "named person + failed to" },
        { "The outage was caused by John.", "caused by John", "caused by + name" },
        { "John forgot to update the runbook.", "John forgot to", "name + forgot" },
        { "Priya Sharma neglected to check the dashboard.", "Priya Sharma neglected to", "first name + surname" },
        { "This was human error.", "This was human error", "blame phrase (the whole clause is rewritten)" },
        { "A careless change to the firewall took the site down.", "careless", "judgement word" },
        { "Mike should have checked the config before pushing.", "Mike should have", "hindsight with a named subject" },
        { "It was Sarah's mistake.", "Sarah's mistake", "possessive blame" },
        { "The deploy was sloppy.", "was sloppy", "judgement word" },
        { "He forgot to drain the node.", "He forgot to", "pronoun for an individual" },
        { "The engineer was negligent.", "was negligent", "judgement word even with a role" },
        { "The team considered him incompetent.", "incompetent", "judgement word" },
        { "We all should have known the disk would fill.", "should have known", "hindsight phrase" },
        { "Tom accidentally deleted the production table.", "Tom accidentally", "name + accidentally" },
        { "Priyanka failed to page the database team.", "Priyanka failed to", "a name from the wider list" },
        { "Lars forgot to drain the node before the reboot.", "Lars forgot to", "person verb, Nordic name" },
        { "Kwame did not test the migration on staging.", "Kwame did not", "a name from the wider list + did not test" },
        { "It was Siobhan's mistake.", "Siobhan's mistake", "possessive blame, Irish name" },
        { "Sven Olsen caused the outage.", "Sven Olsen caused the outage", "first name + surname" },
        { "Then Dave forgot to renew it.", "Dave forgot to", "a sentence opener before the name" },
        { "Ngozi neglected to update the runbook.", "Ngozi neglected to", "unlisted name with a verb only people do" },
        { "Bartholomew was careless with the rollout.", "Bartholomew was careless", "unlisted name, judgement word" },
        { "Søren forgot to rotate the key.", "Søren forgot to", "a name with a non-ASCII letter" },
    };

    [Theory]
    [MemberData(nameof(Blamey))]
    public void Blaming_sentences_produce_a_finding_with_span_and_suggestion(string sentence, string? span, string reason)
    {
        var finding = Assert.Single(BlamelessLanguage.Find(sentence));
        Assert.True(span == finding.Text, $"{reason}: span '{finding.Text}'");
        Assert.Equal(sentence, finding.Sentence);
        Assert.NotEqual(sentence, finding.Suggestion);
        Assert.NotEmpty(finding.Advice);
    }

    /// <summary>Whole sentences said again, grammatically and without the person (issue 12, item 8).</summary>
    public static TheoryData<string, string> Rewrites => new()
    {
        { "Dave failed to renew the certificate.", "Nothing in the process made sure someone would renew the certificate." },
        { "Then Dave forgot to renew it.", "Then nothing in the process made sure someone would renew it." },
        { "Mike should have checked the config before pushing.", "Nothing at the time prompted anyone to check the config before pushing." },
        { "The on-call should have checked the DLQ before leaving the deploy unattended.", "Nothing at the time prompted anyone to check the DLQ before leaving the deploy unattended." },
        { "The on-call engineer should have paged the database team.", "Nothing at the time prompted anyone to page the database team." },
        { "The responder should have rerouted traffic.", "Nothing at the time prompted anyone to reroute traffic." },
        { "The on-call was negligent in muting the dead-letter queue alert during the deploy.", "The conditions at the time made muting the dead-letter queue alert during the deploy look safe." },
        { "The new build failed validation; this was human error by the on-call engineer, who deployed the build without running the contract tests.", "The new build failed validation; the system did not guard against this action." },
        { "This was human error.", "The system did not guard against this action." },
        { "Kwame did not test the migration on staging.", "Nothing in the process prompted anyone to test the migration on staging." },
        { "Tom accidentally deleted the production table.", "Nothing in the tooling stopped the action that deleted the production table." },
        { "Bartholomew was careless with the rollout.", "The conditions at the time made this look safe." },
        { "Marcus was careless when he edited the flag.", "The conditions at the time made this look safe when the engineer edited the flag." },
        { "The config push reached every region; this human error by the release manager shipped it untested.", "The config push reached every region; this unguarded action shipped it untested." },
        { "Dave failed to renew the certificate; he was careless with the ticket.", "Nothing in the process made sure someone would renew the certificate; the conditions at the time made this look safe." },
        { "The on-call engineer should have checked the logging; leaving it on was negligent.", "Nothing at the time prompted anyone to check the logging; the conditions at the time made leaving it on look safe." },
        { "Sven Olsen caused the outage.", "A change triggered the incident." },
        { "The outage was caused by John.", "The outage was triggered by a change." },
        { "A careless change to the firewall took the site down.", "A hurried change to the firewall took the site down." },
        { "The deploy was sloppy.", "The conditions at the time made the deploy look safe." },
        { "The engineer was negligent.", "The conditions at the time made this look safe." },
        { "A negligent change took the site down.", "An unguarded change took the site down." },
        { "Priya Sharma neglected to check the dashboard Priya had built.", "Nothing in the process made sure someone would check the dashboard the engineer had built." },
    };

    [Theory]
    [MemberData(nameof(Rewrites))]
    public void The_suggestion_is_the_whole_sentence_said_again_without_the_person(string sentence, string expected)
    {
        var findings = BlamelessLanguage.Find(sentence);
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal(expected, f.Suggestion));      // one rewording of the sentence, every finding in it mended
    }

    [Fact]
    public void Hindsight_about_a_role_is_flagged_and_a_system_that_should_have_acted_is_not()
    {
        Assert.Equal("Hindsight", Assert.Single(BlamelessLanguage.Find("The on-call engineer should have rolled back sooner.")).Advice.Split(':')[0]);
        Assert.Empty(BlamelessLanguage.Find("The alert should have fired at 80% but the threshold was 95%."));
        Assert.Empty(BlamelessLanguage.Find("The failover should have completed in a minute."));
    }

    public static TheoryData<string, string> Clean => new()
    {
        { "J.D. rolled back the deploy at 14:05.", "initials are fine" },
        { "JD restarted the pods.", "initials are fine" },
        { "The on-call engineer failed to get paged because the rotation was empty.", "a role is not a named individual" },
        { "The health check failed to detect the hung process.", "system subject" },
        { "Kafka failed to rebalance the consumer group.", "a product is not a person" },
        { "The alert should have fired at 80% but the threshold was 95%.", "system subject with should have" },
        { "Cassandra failed to compact the SSTables.", "a product that is also a first name" },
        { "This is a blameless postmortem; we focus on systems, not people.", "blameless is not blame" },
        { "The error rate rose to 12% when the cache was cold.", "error is not human error" },
        { "Dave rolled back the release and traffic recovered.", "a name with a neutral verb" },
        { "The runbook did not mention the fallback, so the responder improvised.", "neutral description" },
        { "Monday's deploy failed to complete within the window.", "capitalised weekday, not a name" },
        { "Nobody forgot to run the checklist; it was not in the runbook.", "no person" },
        { "Envoy ignored the retry budget header.", "a product with a verb systems do too" },
        { "Paybridge's error rate rose to 30%.", "an unknown product's error rate" },
        { "Terraform failed to acquire the state lock.", "a tool that failed" },
        { "The Platform team forgot to renew the certificate because renewal was manual.", "a team, not a person" },
        { "A fault on Switch 4 dropped packets.", "hardware fault, capitalised device" },
    };

    [Theory]
    [MemberData(nameof(Clean))]
    public void Clean_sentences_produce_no_findings(string sentence, string reason)
    {
        Assert.True(BlamelessLanguage.Find(sentence).Count == 0, reason);
    }

    [Fact]
    public void A_clean_postmortem_has_no_findings_and_a_complete_template()
    {
        var pm = Some.Postmortem("clean", start: "2025-01-01T00:00:00Z", rootCauses: ["The TLS certificate expired because renewal was manual."],
            summary: "Checkout was down for 40 minutes.", actionItems: [Some.Action("automate renewal", due: "2025-02-01")]) with
        {
            Impact = "12% of orders failed.",
            Detection = "Synthetic checks paged the on-call engineer.",
            Resolution = "J.D. installed a new certificate.",
            Timeline = [new TimelineEntry(null, "10:00", "Alert fired")],
            Lessons = new Lessons { WentWell = ["Paging worked."] },
        };

        var report = Quality.Check(pm);

        Assert.Empty(report.BlamelessFindings);
        Assert.Equal(1.0, report.Completeness.Score);
        Assert.Empty(report.Completeness.Missing);
        Assert.Empty(report.ActionItemGaps);
    }

    [Fact]
    public void Names_the_postmortem_gives_count_as_people_and_team_owners_do_not()
    {
        var pm = Some.Postmortem("named", rootCauses: ["Oyelaran failed to check the expiry date.", "Payments failed to retry the charge."],
            actionItems: [Some.Action("renew", owner: "@oyelaran.b"), Some.Action("retry", owner: "Payments")]);

        var findings = Quality.Check(pm).BlamelessFindings;

        Assert.Equal(["Oyelaran failed to"], findings.Select(f => f.Text));
    }

    [Fact]
    public void Missing_sections_and_action_item_gaps_are_reported()
    {
        var pm = Some.Postmortem("thin", summary: "Outage.", rootCauses: ["Dave forgot to renew the cert."],
            actionItems: [Some.Action("fix it", owner: null, ticket: null), Some.Action("alert", due: "2025-01-01")]);

        var report = Quality.Check(pm);

        Assert.Equal(["impact", "detection", "resolution", "timeline", "lessons"], report.Completeness.Missing);
        Assert.Equal(3.0 / 8, report.Completeness.Score, 3);
        var gap = Assert.Single(report.ActionItemGaps);
        Assert.Equal(("fix it", true, true, true), (gap.Text, gap.MissingOwner, gap.MissingDue, gap.MissingTicket));
        var finding = Assert.Single(report.BlamelessFindings);
        Assert.Equal(("thin", "rootCauses", "Dave forgot to"), (finding.PostmortemId, finding.Field, finding.Text));
    }
}
