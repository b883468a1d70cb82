using System.Diagnostics;

namespace PostmortemSearch.Tests.Robustness;

/// <summary>Runs the built <c>pmsearch.dll</c> as a child process (<c>dotnet pmsearch.dll …</c>), so a test can kill it for real.</summary>
internal static class ChildCli
{
    public static string Dll { get; } = Find();

    private static string Find()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "pmsearch.dll");
        if (File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "pmsearch.runtimeconfig.json"))) return beside;
        // tests/PostmortemSearch.Tests/bin/<config>/net10.0/ → src/PostmortemSearch.Cli/bin/<config>/net10.0/pmsearch.dll
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var built = Path.Combine(Support.RepoPaths.Root, "src", "PostmortemSearch.Cli", "bin", configuration, framework.Name, "pmsearch.dll");
        return File.Exists(built) ? built : throw new FileNotFoundException("pmsearch.dll is not built", built);
    }

    /// <summary>
    /// How to run <c>pmsearch ARGS</c> in <paramref name="workingDirectory"/>: output redirected, no <c>PMSEARCH_DB</c>
    /// from the test's environment, semantic search off unless a test puts it back.
    /// </summary>
    public static ProcessStartInfo Info(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment.Remove("PMSEARCH_DB");
        // These tests kill and hammer the CLI; the embedding model is not what they test (SemanticCliTests is).
        info.Environment["PMSEARCH_SEMANTIC"] = "off";
        return info;
    }

    public static Process Start(string workingDirectory, params string[] args)
    {
        var info = Info(workingDirectory, args);
        var process = Process.Start(info)!;
        // Drain the pipes so a chatty child never blocks on a full buffer.
        process.OutputDataReceived += (_, _) => { };
        var errors = Errors.GetOrCreateValue(process);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Process, List<string>> Errors = [];

    /// <summary>What the child wrote to stderr (complete once it has exited).</summary>
    public static string ErrorsOf(Process process)
    {
        process.WaitForExit();
        var errors = Errors.GetOrCreateValue(process);
        lock (errors) return string.Join('\n', errors);
    }
}
