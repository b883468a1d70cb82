using System.CommandLine;
using System.Text.RegularExpressions;
using PostmortemSearch.Core;
using PostmortemSearch.Core.Search;
using PostmortemSearch.Core.Semantic;
using PostmortemSearch.Core.Store;

namespace PostmortemSearch.Cli;

/// <summary>Exit codes of every verb: 0 success, 1 some inputs rejected (the rest kept) or not found, 2 usage error.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Partial = 1;
    public const int Usage = 2;
}

/// <summary>What every verb gets: where to write, where the store is, the clock.</summary>
public sealed class CliContext(TextWriter stdout, TextWriter stderr, string workingDirectory, TimeProvider time)
{
    public TextWriter Out { get; } = stdout;
    public TextWriter Error { get; } = stderr;
    public string WorkingDirectory { get; } = workingDirectory;
    public TimeProvider Time { get; } = time;

    /// <summary>True when stdout is a terminal (progress displays only make sense there).</summary>
    public bool Interactive { get; init; }

    /// <summary>Semantic search (the local embedding model) on; off with <c>PMSEARCH_SEMANTIC=off</c>.</summary>
    public bool Semantic { get; init; }

    /// <summary>The model for this process, or null when semantic search is off.</summary>
    public SemanticOptions? SemanticOptions() =>
        Semantic ? Core.Semantic.SemanticOptions.MiniLm() : null;

    public static string DefaultDatabase(string workingDirectory) =>
        Environment.GetEnvironmentVariable("PMSEARCH_DB") is { Length: > 0 } env ? env : Path.Combine(workingDirectory, "data", "postmortems.db");

    /// <summary>The store <paramref name="db"/> names: a <c>postgresql://</c> address, or a SQLite file (relative to the working directory), created when missing: for the verbs that write (import, serve).</summary>
    public IPostmortemStore OpenStore(string? db)
    {
        var target = db ?? DefaultDatabase(WorkingDirectory);
        if (!PostgresAddress.IsPostgres(target)) return PostmortemStore.Open(ResolvePath(target), Time, MaxStoreBytes());
        try
        {
            return PostgresPostmortemStore.Open(target, Time);
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>
    /// The catalog over <paramref name="store"/> with its search index caught up (a rebuild reports progress on stderr).
    /// A SQLite store keeps its index beside the file; for a PostgreSQL store each process keeps its own, in
    /// <c>PMSEARCH_INDEX</c> or else <c>data/index-&lt;hash of the address&gt;</c> under the working directory.
    /// </summary>
    public PostmortemCatalog Catalog(IPostmortemStore store, SemanticOptions? semantic = null) =>
        new(store, Time, progress: new IndexProgressWriter(Error), semantic: semantic, indexFolder: IndexFolderFor(store, WorkingDirectory));

    public static string? IndexFolderFor(IPostmortemStore store, string workingDirectory) =>
        PostmortemStores.IndexFolder(store, workingDirectory, Environment.GetEnvironmentVariable("PMSEARCH_INDEX"));

    /// <summary>
    /// Opens a store that must already exist: for the verbs that only read. A typo in --db must not silently create an
    /// empty store and answer "0 postmortems".
    /// </summary>
    public IPostmortemStore OpenExistingStore(string? db)
    {
        var target = db ?? DefaultDatabase(WorkingDirectory);
        if (PostgresAddress.IsPostgres(target)) return OpenStore(target);
        var path = ResolvePath(target);
        if (!File.Exists(path))
            throw new StoreNotFoundException($"no store at {path}: import something first (pmsearch import PATH) or pass --db FILE / set PMSEARCH_DB");
        return PostmortemStore.Open(path, Time, MaxStoreBytes());
    }

    private static long? MaxStoreBytes()
    {
        try
        {
            return PostmortemStore.MaxSizeFrom(Environment.GetEnvironmentVariable(PostmortemStore.MaxSizeVariable));
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>An existing store with its search index caught up (how long that took is in <see cref="PostmortemCatalog.IndexBuildTime"/>); a rebuild reports progress on stderr.</summary>
    public PostmortemCatalog OpenCatalog(string? db) => Catalog(OpenExistingStore(db), SemanticOptions());

    /// <summary>"indexing 12000/20000" on stderr, every tenth of a rebuild of 1,000 postmortems or more.</summary>
    private sealed class IndexProgressWriter(TextWriter error) : IProgress<IndexProgress>
    {
        private int _shown = -1;

        public void Report(IndexProgress value)
        {
            if (value.Total < 1000) return;
            var tenth = value.Done * 10 / value.Total;
            if (tenth == _shown) return;
            _shown = tenth;
            error.WriteLine(value.Rebuild ? $"indexing {value.Done}/{value.Total} postmortems" : $"index: {value.Done} changes applied");
        }
    }

    /// <summary>
    /// Names the rows the last full read of <paramref name="store"/> skipped because they cannot be read (a damaged
    /// row must not make the rest of the store unusable); true when there were any.
    /// </summary>
    public bool ReportUnreadable(IPostmortemStore store)
    {
        var ids = store.Unreadable.Keys.Order(StringComparer.Ordinal).ToList();
        if (ids.Count == 0) return false;
        Error.WriteLine($"pmsearch: {ids.Count} stored postmortem(s) cannot be read and were skipped: {string.Join(", ", ids.Take(20))}{(ids.Count > 20 ? ", …" : "")} (delete them, or restore an earlier version: pmsearch history ID)");
        return true;
    }

    public string ResolvePath(string path) => Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(WorkingDirectory, path));

    /// <summary>Writes <paramref name="text"/> to the --out FILE; a file that cannot be written is a usage error naming the option and the reason.</summary>
    public string WriteOut(string file, string text)
    {
        var path = ResolvePath(file);
        try
        {
            File.WriteAllText(path, text);
            return path;
        }
        catch (DirectoryNotFoundException)
        {
            throw new UsageException($"--out: cannot write {path}: the folder {Path.GetDirectoryName(path)} does not exist");
        }
        catch (UnauthorizedAccessException)
        {
            throw new UsageException($"--out: cannot write {path}: permission denied");
        }
        catch (IOException e)
        {
            throw new UsageException($"--out: cannot write {path}: {e.Message}");
        }
    }
}

/// <summary>The <c>pmsearch</c> command tree; every verb is registered here, in one place.</summary>
public static partial class CliApp
{
    public static readonly Option<string?> DbOption = new("--db")
    {
        Description = "SQLite store file, or postgresql://user:password@host:5432/name (default: $PMSEARCH_DB or ./data/postmortems.db)",
        Recursive = true,
    };

    /// <param name="semantic">Semantic search on or off; null: as <c>PMSEARCH_SEMANTIC</c> says (on unless "off").</param>
    /// <summary>
    /// System.CommandLine's "Cannot parse argument 'abc' for option '--limit' as expected type 'System.Nullable`1[System.Int32]'"
    /// in the user's words: "--limit: 'abc' is not a whole number". Other messages pass unchanged.
    /// </summary>
    internal static string Readable(string message)
    {
        var m = ParseFailure().Match(message);
        if (!m.Success) return message;
        var type = m.Groups["type"].Value;
        var expected = type.Contains("Int", StringComparison.Ordinal) ? "a whole number"
            : type.Contains("Double", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal) || type.Contains("Decimal", StringComparison.Ordinal) ? "a number"
            : type.Contains("Boolean", StringComparison.Ordinal) ? "true or false"
            : "valid here";
        return $"{m.Groups["name"].Value}: '{m.Groups["value"].Value}' is not {expected}";
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?:option|argument|command) '(?<name>[^']+)' as expected type '(?<type>[^']+)'\.?$")]
    private static partial Regex ParseFailure();

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory, TimeProvider? time = null, bool? semantic = null)
    {
        var interactive = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
        // Document text never reaches the terminal with its control characters (ANSI/OSC escapes).
        stdout = new TerminalSafeWriter(stdout);
        stderr = new TerminalSafeWriter(stderr);
        var context = new CliContext(stdout, stderr, workingDirectory, time ?? TimeProvider.System)
        {
            Interactive = interactive,
            Semantic = semantic ?? Core.Semantic.SemanticOptions.EnabledBy(Environment.GetEnvironmentVariable(Core.Semantic.SemanticOptions.SwitchVariable)),
        };
        var root = new RootCommand("PostmortemSearch: import, search and analyse an organisation's postmortems.");
        root.Options.Add(DbOption);
        root.Subcommands.Add(ImportCommand.Create(context));
        root.Subcommands.Add(ShowCommand.Create(context));
        root.Subcommands.Add(ListCommand.Create(context));
        root.Subcommands.Add(ExportCommand.Create(context));
        root.Subcommands.Add(BackupCommand.Create(context));
        root.Subcommands.Add(MigrateCommand.Create(context));
        root.Subcommands.Add(InspectCommand.Create(context));
        root.Subcommands.Add(SearchCommand.Create(context));
        root.Subcommands.Add(SimilarCommand.Create(context));
        root.Subcommands.Add(AnalyticsCommands.Factors(context));
        root.Subcommands.Add(AnalyticsCommands.TrendsCommand(context));
        root.Subcommands.Add(AnalyticsCommands.Review(context));
        root.Subcommands.Add(GateCommand.Create(context));
        root.Subcommands.Add(ActionItemsCommand.Create(context));
        root.Subcommands.Add(AuditCommand.Create(context));
        root.Subcommands.Add(TaxonomyCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(HistoryCommands.History(context));
        root.Subcommands.Add(HistoryCommands.Restore(context));

        // No response files: "@oncall" is a query, not a file of arguments to expand (and "@" + NUL crashed the parser).
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) stderr.WriteLine($"pmsearch: {Readable(error.Message)}");
            stderr.WriteLine("Run 'pmsearch --help' for usage.");
            return ExitCodes.Usage;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (QueryException e)
        {
            stderr.WriteLine($"pmsearch: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (StoreNotFoundException e)
        {
            stderr.WriteLine($"pmsearch: {e.Message}");
            return ExitCodes.Partial;
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"pmsearch: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (StoreVersionException e)
        {
            stderr.WriteLine($"pmsearch: {e.Message}");
            return ExitCodes.Partial;
        }
        catch (UnreadablePostmortemException e)
        {
            stderr.WriteLine($"pmsearch: {e.Message}");
            return ExitCodes.Partial;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == 13)
        {
            // SQLITE_FULL: the batch's transaction rolled back, so what was stored before is as it was
            stderr.WriteLine($"pmsearch: the store's disk is full (or the store reached {Core.Store.PostmortemStore.MaxSizeVariable}): nothing from this command was saved; free disk space and run it again");
            return ExitCodes.Partial;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            stderr.WriteLine($"pmsearch: the store could not be used: {e.Message}");
            return ExitCodes.Partial;
        }
        catch (StoreUnavailableException e)
        {
            stderr.WriteLine($"pmsearch: {e.Message}");
            return ExitCodes.Partial;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"pmsearch: {e.Message}");
            return ExitCodes.Partial;
        }
    }
}

/// <summary>A read verb was pointed at a store file that does not exist (exit code 1, like "not found").</summary>
public sealed class StoreNotFoundException(string message) : Exception(message);

/// <summary>A usage mistake the user can fix (exit code 2, no stack trace).</summary>
public sealed class UsageException(string message) : Exception(message);
