using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Core.Search;

namespace PostmortemSearch.Server;

/// <summary>
/// What the dashboards are configured with: the ticket link template (<c>PMSEARCH_TICKET_URL</c>, e.g.
/// <c>https://jira.example.com/browse/{key}</c>) and the release gate's default thresholds (<c>PMSEARCH_GATE_*</c>).
/// </summary>
public sealed record SurfaceSettings(TicketLinks Tickets, GateOptions Gate)
{
    /// <summary>Reads and checks the settings; a bad one stops the start with its message (<see cref="ServerStartException"/>).</summary>
    public static SurfaceSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var template = configuration["PMSEARCH_TICKET_URL"];
        if (TicketLinks.Problem(template) is { } problem) throw new ServerStartException($"PMSEARCH_TICKET_URL: {problem}");
        try
        {
            return new SurfaceSettings(new TicketLinks(string.IsNullOrWhiteSpace(template) ? null : template.Trim()), GateOptions.Read(k => configuration[k], QueryParser.NormalizeSeverity));
        }
        catch (FormatException e)
        {
            throw new ServerStartException(e.Message);
        }
    }
}

/// <summary>The service / team / severity filter of the dashboards, read from query parameters into a <see cref="PostmortemFilter"/>.</summary>
internal static class DashboardFilter
{
    public static PostmortemFilter Read(RequestErrors errors, string? service, string? team, string? severity)
    {
        string? sev = null;
        if (!string.IsNullOrWhiteSpace(severity))
        {
            sev = QueryParser.NormalizeSeverity(severity);
            if (sev is null) errors.Add("severity", $"'{severity}' is not a severity; use {QueryParser.SeverityForms}");
        }
        return new PostmortemFilter(errors.Text(service, "service", 200), errors.Text(team, "team", 200), sev);
    }
}
