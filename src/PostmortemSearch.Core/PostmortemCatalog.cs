using PostmortemSearch.Core.Schema;
using PostmortemSearch.Core.Store;

namespace PostmortemSearch.Core;

/// <summary>Who is asking: callers without the restricted scope never see restricted postmortems.</summary>
public sealed record Caller(string Name, bool CanSeeRestricted)
{
    public static readonly Caller Cli = new("cli", CanSeeRestricted: true);
}

/// <summary>
/// The store plus what is derived from it and kept in step with every change (the search index, analytics caches).
/// The CLI and the server both go through it, so a save is always followed by the index update.
/// </summary>
public sealed class PostmortemCatalog : IDisposable
{
    private readonly object _writeLock = new();

    public PostmortemCatalog(PostmortemStore store, TimeProvider? time = null)
    {
        Store = store;
        Time = time ?? TimeProvider.System;
    }

    public PostmortemStore Store { get; }
    public TimeProvider Time { get; }

    /// <summary>Saves a batch (one transaction) and brings derived state up to date.</summary>
    public IReadOnlyList<SaveResult> Save(IReadOnlyList<Postmortem> batch, string actor, IReadOnlyList<(string Path, string Error)>? rejected = null)
    {
        lock (_writeLock)
        {
            return Store.SaveBatch(batch, actor, rejected);
        }
    }

    public bool Delete(string id, string actor)
    {
        lock (_writeLock)
        {
            return Store.Delete(id, actor);
        }
    }

    public Postmortem? Get(string id, Caller caller) =>
        Store.Get(id) is { } p && (caller.CanSeeRestricted || !p.Restricted) ? p : null;

    public IReadOnlyList<Postmortem> All(Caller caller) =>
        caller.CanSeeRestricted ? Store.All() : [.. Store.All().Where(p => !p.Restricted)];

    public void Dispose() => Store.Dispose();
}
