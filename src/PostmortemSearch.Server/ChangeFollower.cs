using PostmortemSearch.Core;
using PostmortemSearch.Core.Store;

namespace PostmortemSearch.Server;

/// <summary>
/// Keeps this replica's derived data (search index, analytics) in step with the shared store: polls the change log
/// every <see cref="ServerOptions.CatchUpInterval"/> and applies what other replicas (or a CLI import on the same
/// file) wrote. While the store is unreachable it keeps trying; searches go on answering from the local index.
/// </summary>
internal sealed class ChangeFollower(PostmortemCatalog catalog, ServerOptions options, ILogger<ChangeFollower> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.CatchUpInterval ?? ServerOptions.DefaultCatchUpInterval;
        var unavailable = false;
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                var applied = catalog.CatchUp();
                if (applied > 0) log.LogInformation("caught up {Count} change(s) from the store (now at {Seq})", applied, catalog.AppliedSeq);
                if (unavailable) log.LogWarning("the store at {Location} answers again", catalog.Store.Location);
                unavailable = false;
            }
            catch (StoreUnavailableException e)
            {
                if (!unavailable) log.LogWarning("{Message}; searches answer from the local index until it is back", e.Message);
                unavailable = true;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A bad row or a locked file must not stop the host; the next tick tries again from the same sequence.
                log.LogError(e, "catching up from the store failed at sequence {Seq}", catalog.AppliedSeq);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
