using PostmortemSearch.Core;

namespace PostmortemSearch.Importers;

/// <summary>One row of an import report: per postmortem saved, or per file rejected/skipped.</summary>
public sealed record ImportRow(string Path, string Status, string? Id = null, string? Title = null, string? Error = null);

/// <summary>Reads inputs and saves every postmortem they hold in one transaction; shared by the CLI and the upload endpoint.</summary>
public static class ImportBatch
{
    /// <summary>Saves as <paramref name="caller"/> (default: the CLI); what the caller may not update comes back as a rejected row with the reason.</summary>
    public static IReadOnlyList<ImportRow> Save(PostmortemCatalog catalog, IReadOnlyList<FileOutcome> outcomes, string actor, Caller? caller = null)
    {
        var postmortems = outcomes.SelectMany(o => o.Postmortems).ToList();
        var rejected = outcomes.Where(o => o.Rejected).Select(o => (o.Path, o.Error!)).ToList();
        var saved = catalog.Save(postmortems, actor, rejected, caller);
        var rows = new List<ImportRow>();
        var index = 0;
        foreach (var outcome in outcomes)
        {
            if (outcome.Error is not null)
            {
                rows.Add(new ImportRow(outcome.Path, outcome.Skipped ? "skipped" : "rejected", Error: outcome.Error));
                continue;
            }
            foreach (var postmortem in outcome.Postmortems)
            {
                var result = saved[index++];
                rows.Add(result.Status == Core.Store.SaveStatus.Refused
                    ? new ImportRow(postmortem.Source.Path, "rejected", Error: result.Reason)
                    : new ImportRow(postmortem.Source.Path, result.Status.ToString().ToLowerInvariant(), result.Id, postmortem.Title));
            }
        }
        return rows;
    }

    /// <summary>"3 imported, 1 updated, 0 unchanged, 1 rejected, 0 skipped".</summary>
    public static string Summary(IReadOnlyList<ImportRow> rows)
    {
        int Count(string status) => rows.Count(r => r.Status == status);
        return $"{Count("imported")} imported, {Count("updated")} updated, {Count("unchanged")} unchanged, {Count("rejected")} rejected, {Count("skipped")} skipped";
    }
}
