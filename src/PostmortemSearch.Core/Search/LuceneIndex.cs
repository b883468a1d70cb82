using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace PostmortemSearch.Core.Search;

/// <summary>
/// The one owner of the Lucene writers and searcher managers. Two indexes, one per audience: <c>public/</c> holds the
/// postmortems everyone may see, <c>restricted/</c> the rest. A caller without the restricted scope searches
/// <c>public/</c> alone, so its document frequencies, prefix expansions and spelling vocabulary never include a
/// restricted word; a caller with the scope searches both through one <see cref="MultiReader"/>, whose statistics
/// are the sums. Both commits carry the store's change-log sequence they reflect (<see cref="CommittedSeq"/>).
/// </summary>
internal sealed class LuceneIndex : IDisposable
{
    private const string SeqKey = "store_seq";
    private const string SchemaKey = "schema";

    private readonly Part _public;
    private readonly Part _restricted;
    private FileStream? _owner;

    private LuceneIndex(Part @public, Part restricted, bool readOnly)
    {
        _public = @public;
        _restricted = restricted;
        ReadOnly = readOnly;
    }

    /// <summary>Another process holds the writer: this one only reads the last commit (and re-reads it on <see cref="Refresh"/>).</summary>
    public bool ReadOnly { get; }

    /// <summary>The store sequence both committed halves reflect, or null when there is no usable commit (new, deleted, other schema).</summary>
    public long? CommittedSeq { get; private set; }

    public static LuceneIndex InMemory(Analyzer analyzer, Similarity similarity) =>
        new(Part.Create(new RAMDirectory(), analyzer, similarity), Part.Create(new RAMDirectory(), analyzer, similarity), readOnly: false);

    /// <summary>Opens (creating if needed) the index in <paramref name="folder"/>; an unreadable one is wiped, to be rebuilt from the store.</summary>
    public static LuceneIndex Open(string folder, Analyzer analyzer, Similarity similarity)
    {
        System.IO.Directory.CreateDirectory(folder);
        // Lucene.Net's write.lock does not keep a writer in another process out on Linux (two imports both wrote
        // segment _1): one owner per index folder, by an OS lock on a file of our own.
        if (TryOwn(folder) is not { } owner) return OpenReadOnly(folder, analyzer, similarity);
        try
        {
            var index = OpenOwned(folder, analyzer, similarity);
            index._owner = owner;
            return index;
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    private static FileStream? TryOwn(string folder)
    {
        FileStream? stream = null;
        try
        {
            stream = new FileStream(Path.Combine(folder, "owner.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            if (!OperatingSystem.IsMacOS()) stream.Lock(0, 1); // fcntl record lock; FileShare.None alone is advisory per open
            return stream;
        }
        catch (IOException)
        {
            stream?.Dispose();
            return null;
        }
    }

    private static LuceneIndex OpenOwned(string folder, Analyzer analyzer, Similarity similarity)
    {
        try
        {
            return OpenParts(folder, analyzer, similarity);
        }
        catch (LockObtainFailedException)
        {
            return OpenReadOnly(folder, analyzer, similarity);
        }
        catch (Exception e) when (e is IOException or CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException)
        {
            // derived data: the store rebuilds it
            foreach (var part in new[] { "public", "restricted" })
                if (System.IO.Directory.Exists(Path.Combine(folder, part))) System.IO.Directory.Delete(Path.Combine(folder, part), recursive: true);
            return OpenParts(folder, analyzer, similarity);
        }
    }

    private static LuceneIndex OpenParts(string folder, Analyzer analyzer, Similarity similarity)
    {
        var pub = Part.Create(FSDirectory.Open(Path.Combine(folder, "public")), analyzer, similarity);
        try
        {
            var restricted = Part.Create(FSDirectory.Open(Path.Combine(folder, "restricted")), analyzer, similarity);
            var index = new LuceneIndex(pub, restricted, readOnly: false);
            index.CommittedSeq = ReadCommittedSeq(pub.Writer!.CommitData, restricted.Writer!.CommitData);
            return index;
        }
        catch
        {
            pub.Dispose();
            throw;
        }
    }

    private static LuceneIndex OpenReadOnly(string folder, Analyzer analyzer, Similarity similarity)
    {
        var pub = Part.ReadOnly(FSDirectory.Open(Path.Combine(folder, "public")), similarity);
        var restricted = Part.ReadOnly(FSDirectory.Open(Path.Combine(folder, "restricted")), similarity);
        _ = analyzer;
        return new LuceneIndex(pub, restricted, readOnly: true);
    }

    private static long? ReadCommittedSeq(IDictionary<string, string> a, IDictionary<string, string> b)
    {
        if (!a.TryGetValue(SchemaKey, out var sa) || sa != IndexSchema.SchemaVersion || !b.TryGetValue(SchemaKey, out var sb) || sb != IndexSchema.SchemaVersion) return null;
        if (!a.TryGetValue(SeqKey, out var xa) || !long.TryParse(xa, System.Globalization.CultureInfo.InvariantCulture, out var seqA)) return null;
        if (!b.TryGetValue(SeqKey, out var xb) || !long.TryParse(xb, System.Globalization.CultureInfo.InvariantCulture, out var seqB)) return null;
        // a crash between the two commits leaves one half behind: catch up from the older
        return Math.Min(seqA, seqB);
    }

    /// <summary>Replaces or adds documents; a document moves between the halves when its restricted flag changes.</summary>
    public void Upsert(IReadOnlyList<DocRecord> docs)
    {
        if (ReadOnly) return;
        var leftPublic = false;
        foreach (var d in docs)
        {
            var id = new Term(IndexSchema.Id, d.Id);
            var doc = IndexSchema.ToDocument(d);
            if (d.Restricted)
            {
                leftPublic |= Contains(_public, d.Id);
                _public.Writer!.DeleteDocuments(id);
                _restricted.Writer!.UpdateDocument(id, doc);
            }
            else
            {
                _restricted.Writer!.DeleteDocuments(id);
                _public.Writer!.UpdateDocument(id, doc);
            }
        }
        // A deleted document's terms stay in the term statistics until its segment merges: a postmortem that became
        // restricted must leave no trace in what public callers see, so its old copy is merged away now.
        if (leftPublic) _public.Writer!.ForceMergeDeletes(doWait: true);
    }

    public bool Delete(string id)
    {
        if (ReadOnly) return false;
        var found = Contains(_public, id) || Contains(_restricted, id);
        var term = new Term(IndexSchema.Id, id);
        _public.Writer!.DeleteDocuments(term);
        _restricted.Writer!.DeleteDocuments(term);
        return found;
    }

    /// <summary>Empties both halves (the next refresh or commit shows it; searches see the old state until then).</summary>
    public void DeleteAll()
    {
        if (ReadOnly) return;
        _public.Writer!.DeleteAll();
        _restricted.Writer!.DeleteAll();
    }

    /// <summary>Merges each half to one segment: after a bulk import, so queries visit one segment.</summary>
    public void MergeToOneSegment()
    {
        if (ReadOnly) return;
        _public.Writer!.ForceMerge(1);
        _restricted.Writer!.ForceMerge(1);
    }

    /// <summary>Makes every write so far visible to new searches (near-real-time: no commit needed); read-only, re-reads the last commits.</summary>
    public void Refresh()
    {
        Part.Refresh(_public, ReadOnly);
        Part.Refresh(_restricted, ReadOnly);
    }

    /// <summary>Durably commits both halves, recording the store sequence they reflect.</summary>
    public void Commit(long storeSeq)
    {
        if (ReadOnly) return;
        var data = new Dictionary<string, string>
        {
            [SeqKey] = storeSeq.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [SchemaKey] = IndexSchema.SchemaVersion,
        };
        foreach (var part in new[] { _restricted, _public })
        {
            part.Writer!.SetCommitData(data);
            part.Writer.Commit();
        }
        CommittedSeq = storeSeq;
        Refresh();
    }

    /// <summary>A searcher for one audience; dispose it to release the readers.</summary>
    public Lease Acquire(bool includeRestricted)
    {
        var pub = _public.Manager.Acquire();
        if (!includeRestricted) return new Lease(pub, null, this, pub);
        var restricted = _restricted.Manager.Acquire();
        var multi = new MultiReader([pub.IndexReader, restricted.IndexReader], closeSubReaders: false);
        var searcher = new IndexSearcher(multi) { Similarity = pub.Similarity };
        return new Lease(pub, restricted, this, searcher);
    }

    private static bool Contains(Part part, string id)
    {
        var searcher = part.Manager.Acquire();
        try
        {
            return searcher.Search(new TermQuery(new Term(IndexSchema.Id, id)), 1).TotalHits > 0;
        }
        finally
        {
            part.Manager.Release(searcher);
        }
    }

    public void Dispose()
    {
        _public.Dispose();
        _restricted.Dispose();
        _owner?.Dispose();
    }

    /// <summary>Readers held for one search: the searcher sees one point-in-time state of both halves.</summary>
    internal sealed class Lease(IndexSearcher pub, IndexSearcher? restricted, LuceneIndex owner, IndexSearcher searcher) : IDisposable
    {
        public IndexSearcher Searcher { get; } = searcher;

        public IndexReader Reader => Searcher.IndexReader;

        public void Dispose()
        {
            owner._public.Manager.Release(pub);
            if (restricted is not null) owner._restricted.Manager.Release(restricted);
        }
    }

    private sealed class Part : IDisposable
    {
        private readonly LuceneDirectory _directory;

        private Part(LuceneDirectory directory, IndexWriter? writer, ReferenceManager<IndexSearcher> manager)
        {
            _directory = directory;
            Writer = writer;
            Manager = manager;
        }

        public IndexWriter? Writer { get; }
        public ReferenceManager<IndexSearcher> Manager { get; }

        public static Part Create(LuceneDirectory directory, Analyzer analyzer, Similarity similarity)
        {
            var config = new IndexWriterConfig(IndexSchema.Version, IndexSchema.PerField(analyzer))
            {
                OpenMode = OpenMode.CREATE_OR_APPEND,
                Similarity = similarity,
                RAMBufferSizeMB = 64,
            };
            IndexWriter writer;
            try
            {
                writer = new IndexWriter(directory, config);
            }
            catch
            {
                directory.Dispose();
                throw;
            }
            return new Part(directory, writer, new SearcherManager(writer, applyAllDeletes: true, new SimilarityFactory(similarity)));
        }

        /// <summary>
        /// A reader of another process's index can lose a race with that writer's merges (the commit it lists is
        /// deleted before its files are opened): retry, and keep the previous view when the writer keeps winning.
        /// </summary>
        public static void Refresh(Part part, bool readOnly)
        {
            if (!readOnly)
            {
                part.Manager.MaybeRefreshBlocking();
                return;
            }
            for (var attempt = 0; attempt < 5; attempt++)
            {
                try
                {
                    part.Manager.MaybeRefreshBlocking();
                    return;
                }
                catch (IOException)
                {
                    Thread.Sleep(20 * (attempt + 1));
                }
            }
        }

        public static Part ReadOnly(LuceneDirectory directory, Similarity similarity)
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    return OpenReadOnly(directory, similarity);
                }
                catch (IOException) when (attempt < 5)
                {
                    Thread.Sleep(20 * (attempt + 1));
                }
            }
        }

        private static Part OpenReadOnly(LuceneDirectory directory, Similarity similarity)
        {
            if (!DirectoryReader.IndexExists(directory))
            {
                // the writer elsewhere has not committed yet: an empty in-memory half until it does
                directory.Dispose();
                var empty = new RAMDirectory();
                using (new IndexWriter(empty, new IndexWriterConfig(IndexSchema.Version, null))) { }
                directory = empty;
            }
            return new Part(directory, null, new SearcherManager(directory, new SimilarityFactory(similarity)));
        }

        public void Dispose()
        {
            Manager.Dispose();
            Writer?.Dispose();
            _directory.Dispose();
        }
    }

    private sealed class SimilarityFactory(Similarity similarity) : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = similarity };
    }
}
