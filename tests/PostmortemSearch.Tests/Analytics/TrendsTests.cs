using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Tests.Analytics;

public class TrendsTests
{
    [Fact]
    public void Median_p90_and_geometric_mean_on_known_numbers()
    {
        double[] values = [1, 2, 3, 4, 100];
        Assert.Equal(3, Stats.Median(values));
        Assert.Equal(61.6, Stats.Percentile(values, 0.9), 6);                 // type 7: 4 + 0.6 × 96
        Assert.Equal(Math.Pow(2400, 0.2), Stats.GeometricMean(values)!.Value, 6);
        Assert.Equal(2.5, Stats.Median([4, 1, 3, 2]));
    }

    [Fact]
    public void A_distribution_carries_its_n_and_warns_when_small()
    {
        var small = Stats.Describe([10, 20]);
        Assert.Equal(2, small.N);
        Assert.Equal(15, small.Median);
        Assert.NotNull(small.Warning);
        Assert.Null(Stats.Describe([1, 2, 3, 4, 5]).Warning);
        Assert.Equal(0, Distribution.Empty.N);
    }

    [Fact]
    public void Zero_durations_are_left_out_of_the_geometric_mean()
    {
        Assert.Equal(4, Stats.GeometricMean([0, 2, 8])!.Value, 6);
        Assert.Null(Stats.GeometricMean([0]));
    }

    [Fact]
    public void Monthly_trends_count_incidents_durations_time_to_postmortem_and_action_items()
    {
        var asOf = new DateOnly(2025, 3, 15);
        var all = new[]
        {
            Some.Postmortem("a", start: "2025-01-05T10:00:00Z", resolved: "2025-01-05T11:00:00Z", postmortemDate: "2025-01-12",
                rootCauses: ["The TLS certificate expired"],
                actionItems: [Some.Action("renew", ActionStatus.Done), Some.Action("alert", ActionStatus.Open, due: "2025-02-01"), Some.Action("doc", ActionStatus.Open, due: "2025-04-01")]),
            Some.Postmortem("b", start: "2025-01-20T10:00:00Z", duration: TimeSpan.FromMinutes(240), postmortemDate: "2025-01-30"),
            Some.Postmortem("c", start: "2025-03-02T10:00:00Z", resolved: "2025-03-02T10:30:00Z", postmortemDate: "2025-03-05", rootCauses: ["Expired SSL cert"]),
            Some.Postmortem("future", start: "2025-05-01T10:00:00Z"),
        };
        var clusters = FactorSetScoreTests.Clusterer().Cluster(all).Clusters;

        var trends = Trends.Build(all, clusters, TrendPeriod.Month, asOf);

        Assert.Equal(["2025-01", "2025-02", "2025-03"], trends.Select(t => t.Period));
        var jan = trends[0];
        Assert.Equal(2, jan.Incidents.N);
        Assert.NotNull(jan.Incidents.Warning);
        Assert.Equal(2, jan.DurationMinutes.N);
        Assert.Equal(150, jan.DurationMinutes.Median);                          // 60 and 240
        Assert.Equal(120, jan.DurationMinutes.GeometricMean);                   // √(60 × 240)
        Assert.Equal(1, jan.TimeToPostmortemDays.N);                            // b has no resolved time
        Assert.Equal(7, jan.TimeToPostmortemDays.Median);
        Assert.Equal((3, 1, 2, 1), (jan.ActionItems.Total, jan.ActionItems.Done, jan.ActionItems.Open, jan.ActionItems.Overdue));
        Assert.Equal(0, trends[1].Incidents.N);
        Assert.Null(trends[1].RecurrenceRate.Value);
        Assert.Equal(1.0, trends[2].RecurrenceRate.Value);                      // c recurs a's certificate cluster
    }

    [Fact]
    public void Quarterly_keys_and_parsing()
    {
        Assert.Equal("2025Q3", Trends.Key(Trends.PeriodStart(new DateOnly(2025, 8, 31), TrendPeriod.Quarter), TrendPeriod.Quarter));
        Assert.Equal((new DateOnly(2025, 7, 1), new DateOnly(2025, 10, 1)), Trends.ParseQuarter("2025Q3"));
        Assert.Equal((new DateOnly(2024, 10, 1), new DateOnly(2025, 1, 1)), Trends.ParseQuarter("Q4 2024"));
        Assert.Throws<FormatException>(() => Trends.ParseQuarter("2025Q5"));
    }
}
