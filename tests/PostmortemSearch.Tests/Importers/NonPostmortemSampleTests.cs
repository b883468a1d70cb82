using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Importers;

/// <summary>
/// The documents in ../shared/samples that are not postmortems (empty forms, a template with its guidance in place, a
/// test report, a sprint retrospective, a bug design note) are skipped with a reason, read in place through the importer.
/// </summary>
public sealed class NonPostmortemSampleTests
{
    public static TheoryData<string, string> NonPostmortems() => new()
    {
        { "docx/jjhzba_incident-report-template.docx", "empty form" },
        { "docx/jjhzba_security_incident_response_report_form.docx", "empty form" },
        { "docx/kushpatelj86_Incident_Report_Template.docx", "guidance still in place" },
        { "confluence/dlx_UAT-Summary-Report---Hydraulics_458326028.html", "no postmortem content" },
        { "confluence/dlx_1273888769.html", "retrospective" },
        { "confluence/dlx_TE-798-Loading-Feedback-Inconsistency_1645150211.html", "no incident in it" },
    };

    [Theory]
    [MemberData(nameof(NonPostmortems))]
    public void Sample_that_is_no_postmortem_is_skipped_with_its_reason(string relative, string reason)
    {
        var outcomes = new Importer().ReadPaths([RepoPaths.Samples], RepoPaths.Samples).Where(o => o.Path == relative).ToList();
        var outcome = Assert.Single(outcomes);
        Assert.Empty(outcome.Postmortems);
        Assert.True(outcome.Skipped, $"{relative}: {outcome.Error}");
        Assert.Contains(reason, outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_filled_in_reports_beside_them_still_import()
    {
        var outcomes = new Importer().ReadPaths([RepoPaths.Samples], RepoPaths.Samples).ToList();
        foreach (var relative in new[] { "docx/kushpatelj86_Wordpress_Compromise_Incident_Report.docx", "docx/samDeakin04_Incident_Postmortem.docx" })
            Assert.Single(Assert.Single(outcomes, o => o.Path == relative).Postmortems);
        Assert.Equal(242, outcomes.Count(o => o.Path.StartsWith("markdown-icco/", StringComparison.Ordinal) && o.Postmortems.Count == 1));
    }
}
