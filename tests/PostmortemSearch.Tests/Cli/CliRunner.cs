using System.Text.Json;
using PostmortemSearch.Cli;

namespace PostmortemSearch.Tests.Cli;

/// <summary>
/// Runs <c>pmsearch</c> in-process with captured output, against a database in a temp folder. Semantic search (the real
/// embedding model) is off unless the test asks for it: most CLI tests are not about it and would embed every import.
/// </summary>
public sealed class CliRunner(string workingDirectory, string database, bool semantic = false)
{
    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public JsonElement Json => JsonDocument.Parse(Out).RootElement;
    }

    public Result Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run([.. args, "--db", database], stdout, stderr, workingDirectory, Support.FixedTime.At(2025, 12, 31), semantic);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }
}
