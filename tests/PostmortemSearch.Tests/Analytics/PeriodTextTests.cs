using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Tests.Analytics;

/// <summary>The from/to forms of the dashboards: a day, a month, a year or a quarter, to the calendar's very end.</summary>
public sealed class PeriodTextTests
{
    [Theory]
    [InlineData("2025-03-31", "2025-03-31", "2025-03-31")]
    [InlineData("2024-02", "2024-02-01", "2024-02-29")]      // leap February
    [InlineData("2025", "2025-01-01", "2025-12-31")]
    [InlineData("2025q4", "2025-10-01", "2025-12-31")]
    [InlineData("9999-12", "9999-12-01", "9999-12-31")]      // no day after the calendar's last is ever computed
    [InlineData("9999Q4", "9999-10-01", "9999-12-31")]
    [InlineData("9999", "9999-01-01", "9999-12-31")]
    public void A_period_runs_from_its_first_day_to_its_last(string text, string first, string last)
    {
        Assert.True(PeriodText.TryParse(text, out var f, out var l));
        Assert.Equal((DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture)), (f, l));
    }

    [Theory]
    [InlineData("2025Q5")]
    [InlineData("2025-13")]
    [InlineData("0000")]
    [InlineData("yesterday")]
    [InlineData("")]
    public void Anything_else_is_no_period(string text) => Assert.False(PeriodText.TryParse(text, out _, out _));
}
