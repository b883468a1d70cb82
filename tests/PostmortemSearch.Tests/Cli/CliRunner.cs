using System.Text.Json;
using PostmortemSearch.Cli;

namespace PostmortemSearch.Tests.Cli;

/// <summary>Runs <c>pmsearch</c> in-process with captured output, against a database in a temp folder.</summary>
public sealed class CliRunner(string workingDirectory, string database)
{
    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public JsonElement Json => JsonDocument.Parse(Out).RootElement;
    }

    public Result Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run([.. args, "--db", database], stdout, stderr, workingDirectory, Support.FixedTime.At(2025, 12, 31));
        return new Result(code, stdout.ToString(), stderr.ToString());
    }
}
