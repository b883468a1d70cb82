using PostmortemSearch.Core;
using PostmortemSearch.Core.Semantic;

namespace PostmortemSearch.Server;

/// <summary>
/// Embeds postmortems for semantic search in the background of <c>serve</c>, on a low-priority thread (as uploads are
/// parsed), so searches win the CPU. It wakes on every save or delete of this catalog and every few seconds (another
/// process or replica may have written the store), and catches up from the store's change log: nothing is missed after
/// a crash or restart. Searches meanwhile use lexical results for what is not embedded yet and say how far embedding is.
/// </summary>
internal sealed class EmbeddingWorker(PostmortemCatalog catalog, ILogger<EmbeddingWorker> log) : IHostedService, IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(3);
    private readonly AutoResetEvent _wake = new(initialState: true);
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (catalog.Semantic is not { } semantic) return Task.CompletedTask;
        catalog.Changed += Wake;
        _thread = LowPriorityWork.Start("pmsearch embedder", () =>
        {
            try
            {
                Loop(semantic);
            }
            catch (ObjectDisposedException)
            {
                // The host was disposed while a long step ran past Stop's wait: nothing is lost, the change log resumes it.
            }
        });
        return Task.CompletedTask;
    }

    private void Wake() => _wake.Set();

    private void Loop(SemanticIndex semantic)
    {
        while (!_stop.IsCancellationRequested)
        {
            WaitHandle.WaitAny([_wake, _stop.Token.WaitHandle], Poll);
            if (_stop.IsCancellationRequested) return;
            try
            {
                if (!semantic.Behind) continue;
                int embedded = semantic.CatchUp(cancel: _stop.Token);
                if (embedded > 0) log.LogInformation("semantic search: embedded {Count} postmortem(s)", embedded);
            }
#pragma warning disable CA1031 // The loop must outlive one failed step (a locked store, a bad row); it retries at the next wake.
            catch (Exception e)
#pragma warning restore CA1031
            {
                log.LogError(e, "semantic search: embedding failed; retrying in {Seconds} s", Poll.TotalSeconds);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Stop();
        return Task.CompletedTask;
    }

    /// <summary>Once only: the host may stop and dispose in either order (WebApplicationFactory disposes without stopping first).</summary>
    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        catalog.Changed -= Wake;
        _stop.Cancel();
        _thread?.Join(TimeSpan.FromSeconds(10));
    }

    private int _stopped;

    public void Dispose()
    {
        Stop();
        _wake.Dispose();
        _stop.Dispose();
    }
}
