using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Tests.Analytics;

public class RecurrenceTests
{
    private static FactorCluster ClusterOf(params string[] incidentIds) => new() { Id = "cert-expiry", Label = "TLS certificate expiry", IncidentIds = incidentIds };

    private static readonly Postmortem[] History =
    [
        Some.Postmortem("a", start: "2024-01-10T00:00:00Z", postmortemDate: "2024-01-15", actionItems: [Some.Action("automate renewal", ActionStatus.Done)]),
        Some.Postmortem("b", start: "2024-06-10T00:00:00Z", postmortemDate: "2024-06-12"),                 // within 365 days of a
        Some.Postmortem("c", start: "2025-09-01T00:00:00Z", postmortemDate: "2025-09-03"),                 // 448 days after b: outside the window
        Some.Postmortem("d", postmortemDate: "2025-09-01"),                                                 // no incident start: dated by postmortem date
        Some.Postmortem("e"),                                                                               // undated: takes no part
    ];

    [Fact]
    public void An_incident_recurs_a_cluster_when_an_earlier_incident_within_the_window_is_in_it()
    {
        var byId = History.ToDictionary(p => p.Id);
        var recurring = Recurrence.RecurringIncidents(ClusterOf("a", "b", "c", "e"), byId);

        Assert.Equal(["b"], recurring.Order());
        var rate = Recurrence.Rate(ClusterOf("a", "b", "c", "e"), byId);
        Assert.Equal(1.0 / 3, rate.Value!.Value, 6);   // e is undated: not in the denominator
        Assert.Equal(3, rate.N);
        Assert.NotNull(rate.Warning);                   // n = 3 < 5
    }

    [Fact]
    public void The_window_is_a_parameter()
    {
        var byId = History.ToDictionary(p => p.Id);
        Assert.Equal(["b", "c"], Recurrence.RecurringIncidents(ClusterOf("a", "b", "c"), byId, windowDays: 1000).Order());
    }

    [Fact]
    public void Incidents_at_the_same_instant_do_not_recur_each_other()
    {
        var byId = new[] { Some.Postmortem("x", start: "2025-01-01T10:00:00Z"), Some.Postmortem("y", start: "2025-01-01T10:00:00Z") }.ToDictionary(p => p.Id);
        Assert.Empty(Recurrence.RecurringIncidents(ClusterOf("x", "y"), byId));
    }

    [Fact]
    public void Overall_rate_for_a_period_counts_incidents_that_recur_any_cluster()
    {
        var clusters = new[] { ClusterOf("a", "b"), new FactorCluster { Id = "disk-full", Label = "Disk full", IncidentIds = ["c", "d"] } };
        // 2025Q3: c (2025-09-01) and d (2025-09-01, midnight, earlier than c? same date: c starts at 00:00Z too) — neither is strictly earlier.
        var rate = Recurrence.OverallRate(clusters, History, new DateOnly(2025, 7, 1), new DateOnly(2025, 10, 1));
        Assert.Equal(0, rate.Value);
        Assert.Equal(2, rate.N);

        var first = Recurrence.OverallRate(clusters, History, new DateOnly(2024, 1, 1), new DateOnly(2025, 1, 1));
        Assert.Equal(0.5, first.Value);   // a and b; b recurs
    }

    [Fact]
    public void Recurrence_after_remediation_needs_every_action_item_of_the_earlier_incident_done_before_the_later_one()
    {
        var all = new[]
        {
            Some.Postmortem("fixed", start: "2024-01-10T00:00:00Z", postmortemDate: "2024-01-20",
                actionItems: [Some.Action("automate renewal", ActionStatus.Done), Some.Action("alert on expiry", ActionStatus.Done)]),
            Some.Postmortem("half", start: "2024-03-10T00:00:00Z", postmortemDate: "2024-03-20",
                actionItems: [Some.Action("add dashboard", ActionStatus.Done), Some.Action("write runbook", ActionStatus.Open)]),
            Some.Postmortem("again", start: "2024-05-01T00:00:00Z", postmortemDate: "2024-05-05"),
            Some.Postmortem("tooSoon", start: "2024-01-15T00:00:00Z"),   // before "fixed"'s postmortem date: its items could not be done yet
        };
        var cluster = new FactorCluster { Id = "cert-expiry", Label = "TLS certificate expiry", IncidentIds = ["fixed", "half", "again", "tooSoon"] };

        var result = Recurrence.AfterRemediation([cluster], all);

        // "half" itself came after all of "fixed"'s items were done; "again" too ("half" never counts: one item is open).
        Assert.Equal([("half", "fixed"), ("again", "fixed")], result.Select(r => (r.IncidentId, r.EarlierIncidentId)));
    }
}
