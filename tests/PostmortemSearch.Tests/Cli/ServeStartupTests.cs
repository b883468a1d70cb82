using System.Diagnostics;
using System.Text.RegularExpressions;
using PostmortemSearch.Server;
using PostmortemSearch.Tests.Robustness;
using PostmortemSearch.Tests.Server;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Cli;

/// <summary>
/// What <c>pmsearch serve --import</c> prints from start until its background embedder is done, read from a real child
/// process: every notice once (the open-access notice used to come both from serve and from the host's logger).
/// </summary>
public sealed partial class ServeStartupTests
{
    [Fact]
    public async Task Serve_prints_each_start_up_notice_once()
    {
        using var dir = new TempDirectory();
        dir.Write("in/a.md", Docs.Postmortem("Checkout certificate expired", service: "checkout"));
        dir.Write("in/b.md", Docs.Postmortem("Queue backlog after deploy", service: "orders"));
        dir.Write("in/notes.py", "print('not a postmortem')\n");
        var info = ChildCli.Info(dir.Path, "serve", "--db", dir.File("pm.db"), "--urls", "http://127.0.0.1:0", "--import", "in");
        info.Environment.Remove("PMSEARCH_API_KEYS");
        info.Environment.Remove("PMSEARCH_SEMANTIC");   // the real model: its worker's notice is one of those checked

        var lines = new List<string>();
        var embedded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Collect(string? line)
        {
            if (line is null) return;
            lock (lines) lines.Add(line);
            if (line.Contains("semantic search: embedded", StringComparison.Ordinal)) embedded.TrySetResult();
        }

        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.Exited += (_, _) => embedded.TrySetException(new InvalidOperationException($"serve exited ({process.ExitCode})"));
        process.EnableRaisingEvents = true;
        try
        {
            await embedded.Task.WaitAsync(TimeSpan.FromSeconds(120));
            await Task.Delay(TimeSpan.FromSeconds(1));   // anything a second copy of a notice would print comes now
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            Assert.Fail($"serve did not finish embedding: {e.Message}\n{Joined()}");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        string Joined() { lock (lines) return string.Join('\n', lines); }
        var output = Joined();
        int Count(string text) => Regex.Count(output, Regex.Escape(text));
        Assert.True(1 == Count(ServerApp.OpenAccessNotice), output);
        Assert.True(1 == Count("building the search index"), output);
        Assert.True(1 == Count("search index built"), output);
        Assert.True(1 == Count("2 imported, 0 updated, 0 unchanged, 0 rejected, 1 skipped"), output);
        Assert.True(1 == Count("skipped: 1 × .py is not a postmortem format: notes.py"), output);
        Assert.True(1 == ListeningLine().Count(output), output);
        Assert.True(1 == Count("semantic search: embedded 2 postmortem(s)"), output);
        // and more generally: no message line twice (logger category headers such as "info: X[0]" may repeat)
        var messages = output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !LoggerHeader().IsMatch(l));
        var twice = messages.GroupBy(l => l).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"printed more than once: {string.Join(" | ", twice)}\n{output}");
    }

    [GeneratedRegex(@"listening on http://127\.0\.0\.1:\d+")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"^(info|warn|fail|crit|dbug|trce): \S+\[\d+\]$")]
    private static partial Regex LoggerHeader();
}
