using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PostmortemSearch.Tests.Robustness;

namespace PostmortemSearch.Tests.Store;

/// <summary>One replica: a real <c>pmsearch serve</c> child process on its own loopback port, over a shared store.</summary>
internal sealed class ReplicaProcess : IDisposable
{
    public const string Keys = "ro:reader:reader-key-7f3a9c2e41d8b6;ops:admin+restricted:admin-key-5e8d1b4c7a2f9e0d63";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ReplicaProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Everything the replica printed so far (stdout and stderr), for failure messages.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static async Task<ReplicaProcess> StartAsync(string db, string workingDirectory)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[ChildCli.Dll, "serve", "--db", db, "--urls", $"http://127.0.0.1:{port}"]) info.ArgumentList.Add(arg);
        info.Environment.Remove("PMSEARCH_DB");
        info.Environment["PMSEARCH_API_KEYS"] = Keys;
        var process = Process.Start(info)!;
        var replica = new ReplicaProcess(process, new Uri($"http://127.0.0.1:{port}"));
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Line(string? line)
        {
            if (line is null) return;
            lock (replica._output) replica._output.AppendLine(line);
            if (line.Contains("listening on", StringComparison.Ordinal)) listening.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"the replica exited ({process.ExitCode}): {replica.Output}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            replica.Dispose();
            throw new InvalidOperationException($"the replica did not start listening within 90 s: {replica.Output}");
        }
        return replica;
    }

    public HttpClient Client(string apiKey)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; whatever transaction was open dies with the connection.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
