using System.CommandLine;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Analytics;
using PostmortemSearch.Core.Search;

namespace PostmortemSearch.Cli;

/// <summary>
/// <c>pmsearch gate SERVICE</c>: the release gate for CI. Exit 0 when the service may release, 1 when it may not (the
/// reasons on stdout), 2 for a usage error. Thresholds: the PMSEARCH_GATE_* settings, overridden by the options.
/// </summary>
internal static class GateCommand
{
    public const int Fail = 1;

    public static Command Create(CliContext context)
    {
        var service = new Argument<string>("service") { Description = "the service about to be released, as postmortems name it (e.g. checkout-api)" };
        var severities = new Option<string?>("--severities") { Description = "gated severities, comma-separated (default $PMSEARCH_GATE_SEVERITIES or SEV1,SEV2)" };
        var days = new Option<int?>("--postmortem-days") { Description = "days after resolution by which the postmortem must be completed (default $PMSEARCH_GATE_POSTMORTEM_DAYS or 5)" };
        var grace = new Option<int?>("--grace-days") { Description = "days an action item may be overdue before it blocks (default $PMSEARCH_GATE_OVERDUE_GRACE_DAYS or 0)" };
        var strict = new Option<bool>("--strict") { Description = "also fail when no incident names SERVICE (catches a misspelt name in a pipeline)" };
        var json = new Option<bool>("--json") { Description = "print {service, pass, reasons:[…]} as GET /api/gate does" };
        var command = new Command("gate", "Release gate: fail (exit 1) while SERVICE has unfinished postmortems or overdue action items") { service, severities, days, grace, strict, json };
        command.SetAction(parse =>
        {
            var options = Options(parse.GetValue(severities), parse.GetValue(days), parse.GetValue(grace)) with { Strict = parse.GetValue(strict) };
            var name = parse.GetValue(service)!.Trim();
            if (name.Length == 0) throw new UsageException("name the service to gate, e.g. pmsearch gate checkout-api");
            using var catalog = context.OpenCatalog(parse.GetValue(CliApp.DbOption));
            var result = ReleaseGate.Evaluate(catalog.All(Caller.Cli), name, options, catalog.Today);
            if (parse.GetValue(json)) CliJson.Write(context.Out, result);
            else Print(context.Out, result);
            // A pipeline log shows stderr even where stdout is folded away: a misspelt service must not pass unseen.
            if (result.Note is { } note) context.Error.WriteLine($"pmsearch: note: {note}{(options.Strict ? "" : " (pass --strict to fail instead)")}");
            return result.Pass ? ExitCodes.Ok : Fail;
        });
        return command;
    }

    private static GateOptions Options(string? severities, int? days, int? grace)
    {
        GateOptions options;
        try
        {
            options = GateOptions.Read(Environment.GetEnvironmentVariable, QueryParser.NormalizeSeverity);
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
        if (severities is not null)
            options = options with { Severities = GateOptions.ParseSeverities(severities, QueryParser.NormalizeSeverity) ?? throw new UsageException($"--severities: '{severities}' is not a list like SEV1,SEV2") };
        if (days is { } d) options = options with { PostmortemDays = d is >= 0 and <= 3650 ? d : throw new UsageException("--postmortem-days must be from 0 to 3650") };
        if (grace is { } g) options = options with { GraceDays = g is >= 0 and <= 3650 ? g : throw new UsageException("--grace-days must be from 0 to 3650") };
        return options;
    }

    private static void Print(TextWriter o, GateResult result)
    {
        var rules = $"{string.Join("/", result.Options.Severities)} incidents: postmortem completed within {result.Options.PostmortemDays} days of resolution, no action item overdue by more than {result.Options.GraceDays} days";
        o.WriteLine($"gate {(result.Pass ? "PASS" : "FAIL")}: {result.Service} ({result.IncidentsChecked} gated incident(s) checked as of {result.AsOf:yyyy-MM-dd}; {rules})");
        foreach (var reason in result.Reasons) o.WriteLine($"  - {reason.Message}{(reason.PostmortemId.Length > 0 ? $" [{reason.PostmortemId}]" : "")}");
        if (result.Note is { } note) o.WriteLine($"  note: {note}");
    }
}
