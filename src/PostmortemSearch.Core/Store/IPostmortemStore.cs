using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Core.Store;

/// <summary>
/// The store contract, kept by both backends: <see cref="PostmortemStore"/> (one SQLite file, the embedded default)
/// and <see cref="PostgresPostmortemStore"/> (one PostgreSQL database shared by several replicas). Every write is one
/// transaction that also appends to the change log, so derived data anywhere (this process's index, another
/// replica's) catches up by reading <see cref="ChangesSince"/> from the last sequence it applied.
/// A new kind of stored data is a new member here, implemented by both, and a test in StoreContractTests.
/// </summary>
public interface IPostmortemStore : IDisposable
{
    /// <summary>Where the store is, for messages: a file path, or a PostgreSQL address without the password.</summary>
    string Location { get; }

    /// <summary>Saves a batch in one transaction: new ids are imported, changed content updated, identical content left alone.</summary>
    IReadOnlyList<SaveResult> SaveBatch(IReadOnlyList<Postmortem> batch, string actor, IReadOnlyList<(string Path, string Error)>? rejected = null,
        bool canSeeRestricted = true);

    /// <summary>
    /// Saves a batch in one transaction under the import rights (see <see cref="PostmortemStore.Save"/>: valid ids only,
    /// updates only from the same source, restricted rows the caller may not see never touched, previous versions kept).
    /// </summary>
    SaveOutcome Save(IReadOnlyList<Postmortem> batch, string actor, IReadOnlyList<(string Path, string Error)>? rejected = null, bool canSeeRestricted = true);

    /// <summary>Kept versions of <paramref name="id"/>, newest first.</summary>
    IReadOnlyList<PostmortemVersion> History(string id);

    /// <summary>Makes kept version <paramref name="version"/> current again (the current one kept first); null when there is no such readable version.</summary>
    Postmortem? Restore(string id, long version, string actor);

    /// <summary>Whether <paramref name="id"/> exists for a caller, from the key and restricted columns only.</summary>
    bool IsVisible(string id, bool canSeeRestricted);

    /// <summary>Ids of the rows the last <see cref="All"/> could not read, with whether each is restricted.</summary>
    IReadOnlyDictionary<string, bool> Unreadable { get; }

    /// <summary>Finds damaged rows without reading every one (added to <see cref="Unreadable"/>); what the backend can check cheaply.</summary>
    IReadOnlyDictionary<string, bool> ScanUnreadable();

    /// <summary>Postmortems with exactly this title (an upload of a file the CLI imported is found by its title, then compared).</summary>
    IReadOnlyList<Postmortem> WithTitle(string title);

    /// <summary>
    /// The newest audit entries (at most <paramref name="limit"/>, optionally only one action) with the postmortems each
    /// touched: an import's import-log rows (linked by audit_seq; rows older than that column by time and actor), a
    /// delete's target.
    /// </summary>
    IReadOnlyList<AuditRecord> AuditTrail(int limit = 50, string? action = null);

    /// <summary>
    /// A number that changes whenever anything was committed to the store by anyone (SQLite: <c>PRAGMA data_version</c>
    /// on the open connection; PostgreSQL: the change log's last sequence): readers ask it before every read.
    /// </summary>
    long DataVersion();

    /// <summary>Tells caches that the store changed through another process (the catalog's catch-up found changes).</summary>
    void MarkChanged();

    // Factor analytics (PostmortemStore.Factors.cs, PostgresPostmortemStore.Factors.cs).

    /// <summary>Changes whenever curation decisions or the taxonomy change (on PostgreSQL: by any replica).</summary>
    long FactorsVersion { get; }

    void SaveStatementVectors(string postmortemId, string model, IReadOnlyList<(int Ordinal, string Text, float[] Vector)> vectors);

    void DeleteStatementVectors(string postmortemId);

    IReadOnlyList<StoredStatementVector> StatementVectors(string model, string? postmortemId = null);

    /// <summary>How far a derived data set (e.g. "statement-vectors:model") has read the change log.</summary>
    long DerivedProgress(string name);

    void SetDerivedProgress(string name, long seq);

    /// <summary>Stores a curation decision (and an audit-log line) with who and when; returns it with its sequence number.</summary>
    PostmortemSearch.Core.Analytics.Curation.CurationDecision AddCuration(PostmortemSearch.Core.Analytics.Curation.CurationDecision decision);

    /// <summary>Every curation decision, oldest first.</summary>
    IReadOnlyList<PostmortemSearch.Core.Analytics.Curation.CurationDecision> Curations();

    /// <summary>The imported taxonomy JSON, or null when the shipped one is in use.</summary>
    string? TaxonomyJson();

    /// <summary>Stores <paramref name="json"/> as the taxonomy and writes a 'taxonomy-import' audit entry (<paramref name="detail"/>: what was imported, from where).</summary>
    void SaveTaxonomyJson(string json, string actor, string? detail = null);

    /// <summary>Bumped by every committed change made through this instance (other processes' changes show in the change log, not here).</summary>
    long Version { get; }

    /// <summary>The sequence of the last committed change (0 for a store that never changed); seen by every process and replica.</summary>
    long LastChangeSeq();

    /// <summary>Changes after <paramref name="seq"/>, oldest first, at most <paramref name="limit"/>; an id written several times appears once per write.</summary>
    IReadOnlyList<StoreChange> ChangesSince(long seq, int limit = 10_000);

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "Get is the store's read by id everywhere; the store is implemented in C# only")]
    Postmortem? Get(string id);

    /// <summary>Every postmortem, ordered by incident start then id (ordinal), as one consistent snapshot.</summary>
    IReadOnlyList<Postmortem> All();

    int Count(bool includeRestricted = true);

    /// <summary>Deletes a postmortem; the deletion is written to the audit log with the actor.</summary>
    bool Delete(string id, string actor);

    /// <summary>Records an audited action that changed nothing in the postmortems table (e.g. a rejected upload).</summary>
    void Audit(string actor, string action, string? target, string? detail);

    /// <summary>The newest audit entries first.</summary>
    IReadOnlyList<AuditEntry> AuditLog(int limit = 100);

    /// <summary>The newest import-log rows first: one per postmortem saved (imported/updated/unchanged) or file rejected.</summary>
    IReadOnlyList<ImportLogEntry> ImportLog(int limit = 100);
}

/// <summary>One row of the import log.</summary>
public sealed record ImportLogEntry(long Seq, DateTimeOffset At, string Actor, string Path, string Status, string? PostmortemId, string? Error);

/// <summary>The store did not answer (database down, network gone): a condition to report (HTTP 503), not a bug.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
