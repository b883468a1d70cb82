using System.CommandLine;
using System.Globalization;
using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Core.Search;

namespace PostmortemSearch.Cli;

/// <summary>--service, --team and --severity: the dashboards' filter, the same on trends, review and action-items.</summary>
internal sealed class DashboardOptions
{
    public Option<string?> Service { get; } = new("--service") { Description = "only incidents of this service" };
    public Option<string?> Team { get; } = new("--team") { Description = "only incidents of this team" };
    public Option<string?> Severity { get; } = new("--severity") { Description = "only incidents of this severity (SEV1..SEV5, S1, P1)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Service);
        command.Options.Add(Team);
        command.Options.Add(Severity);
    }

    public PostmortemFilter Read(ParseResult parse)
    {
        string? severity = null;
        if (parse.GetValue(Severity) is { Length: > 0 } raw)
            severity = QueryParser.NormalizeSeverity(raw) ?? throw new UsageException($"--severity: '{raw}' is not a severity; use {QueryParser.SeverityForms}");
        return new PostmortemFilter(Blank(parse.GetValue(Service)), Blank(parse.GetValue(Team)), severity);
    }

    /// <summary>A from (<paramref name="end"/> false) or to bound: a date, month, year or quarter (<see cref="PeriodText"/>), or a usage error naming the option.</summary>
    public static DateOnly? Bound(ParseResult parse, Option<string?> option, bool end)
    {
        if (parse.GetValue(option) is not { Length: > 0 } text) return null;
        return PeriodText.Bound(text, end) ?? throw new UsageException($"{option.Name}: '{text}' is not {PeriodText.Forms}");
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
