namespace PostmortemSearch.Core.Store;

/// <summary>The store file was written by a newer PostmortemSearch; the message is one line for the user.</summary>
public sealed class StoreVersionException(string message) : Exception(message);

/// <summary>One stored postmortem cannot be read (its JSON is damaged or from an unknown shape); the rest of the store is fine.</summary>
public sealed class UnreadablePostmortemException(string id, string reason)
    : Exception($"postmortem '{id}' is in the store but cannot be read ({reason}); an admin can delete it or restore an earlier version")
{
    public string Id { get; } = id;
}
