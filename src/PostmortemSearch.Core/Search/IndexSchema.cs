using System.Globalization;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Core.Search;

/// <summary>
/// The Lucene field schema, in one place: which field holds what, how it is indexed and analysed, and the
/// document built from a <see cref="DocRecord"/>. Every text field is analysed by <see cref="Analyzer.Index"/>;
/// <see cref="Words"/> by <see cref="Analyzer.Words"/>. Changing anything here changes <see cref="SchemaVersion"/>,
/// which makes every existing index rebuild on open.
/// </summary>
internal static class IndexSchema
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;
    public const string SchemaVersion = "2"; // 2: team field

    /// <summary>The id: indexed whole (updates and deletes), sorted doc values (tie-break order), stored.</summary>
    public const string Id = "id";
    public const string Title = "title";
    public const string Summary = "summary";
    public const string Symptoms = "symptoms";
    public const string Causes = "causes";
    public const string Resolution = "resolution";
    public const string Actions = "actions";
    public const string Rest = "rest";
    /// <summary>Field name used when analysing text outside any field (snippets, clustering).</summary>
    public const string Body = Summary;
    /// <summary>Surface words of all text, documents only: the vocabulary of did-you-mean and <c>prefix*</c>.</summary>
    public const string Words = "words";

    // Filters: exact, lower-cased (severity upper-cased), not analysed.
    public const string Service = "service";
    public const string Team = "team";
    public const string Severity = "severity";
    public const string Status = "status";
    public const string Tag = "tag";
    /// <summary>The incident date as a day number: indexed for after:/before:, doc values for newest-first order.</summary>
    public const string Day = "day";

    // Facets, from doc values.
    public const string FacetService = "facet_service";
    public const string FacetSeverity = "facet_severity";
    public const string FacetYear = "facet_year";
    public const string FacetQuarter = "facet_quarter";

    // Stored for display and snippets.
    public const string StoredServices = "services";
    public const string StoredStart = "start";
    /// <summary>One stored value per text: field index, heading and text joined by <see cref="Separator"/>.</summary>
    public const string StoredText = "text";
    private const char Separator = '\u001f';

    /// <summary>The BM25 fields in <see cref="SearchField"/> order.</summary>
    public static readonly string[] TextFields = [Title, Summary, Symptoms, Causes, Resolution, Actions, Rest];

    private static readonly FieldType WordsType = CreateWordsType();

    private static FieldType CreateWordsType()
    {
        var type = new FieldType(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_ONLY, OmitNorms = true };
        type.Freeze();
        return type;
    }

    /// <summary>The analyzer per field: <see cref="Words"/> keeps surface words, every other text field the full chain.</summary>
    public static Lucene.Net.Analysis.Analyzer PerField(Analyzer analyzer) =>
        new Lucene.Net.Analysis.Miscellaneous.PerFieldAnalyzerWrapper(analyzer.Index,
            new Dictionary<string, Lucene.Net.Analysis.Analyzer> { [Words] = analyzer.Words });

    public static Document ToDocument(DocRecord d)
    {
        var doc = new Document
        {
            new StringField(Id, d.Id, Field.Store.YES),
            new SortedDocValuesField(Id, new BytesRef(d.Id)),
            new StoredField(Title + "_stored", d.Title),
        };
        foreach (var text in d.Texts)
        {
            doc.Add(new TextField(TextFields[(int)text.Field], text.Text, Field.Store.NO));
            doc.Add(new Field(Words, text.Text, WordsType));
            doc.Add(new StoredField(StoredText, $"{(int)text.Field}{Separator}{text.Heading}{Separator}{text.Text}"));
        }
        var seenServices = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in d.Services)
        {
            doc.Add(new StoredField(StoredServices, service));
            if (!seenServices.Add(service)) continue;
            doc.Add(new StringField(Service, service.ToLowerInvariant(), Field.Store.NO));
            doc.Add(new SortedSetDocValuesField(FacetService, new BytesRef(service)));
        }
        if (d.Severity is { } severity)
        {
            doc.Add(new StringField(Severity, severity.ToUpperInvariant(), Field.Store.YES));
            doc.Add(new SortedDocValuesField(FacetSeverity, new BytesRef(severity)));
        }
        foreach (var team in d.TeamKeys.Distinct(StringComparer.Ordinal)) doc.Add(new StringField(Team, team, Field.Store.NO));
        if (d.Status is { } status) doc.Add(new StringField(Status, status, Field.Store.NO));
        foreach (var tag in d.Tags.Distinct(StringComparer.Ordinal)) doc.Add(new StringField(Tag, tag, Field.Store.NO));
        if (d.IncidentStart is { } start) doc.Add(new StoredField(StoredStart, start.ToString()));
        if (d.Date is { } date)
        {
            doc.Add(new Int32Field(Day, date.DayNumber, Field.Store.NO));
            doc.Add(new NumericDocValuesField(Day, date.DayNumber));
            doc.Add(new SortedDocValuesField(FacetYear, new BytesRef(d.Year!)));
            doc.Add(new SortedDocValuesField(FacetQuarter, new BytesRef(d.Quarter!)));
        }
        return doc;
    }

    /// <summary>What a hit shows, read back from the stored fields.</summary>
    public static DocRecord FromStored(Document doc)
    {
        var texts = new List<StoredText>();
        foreach (var value in doc.GetValues(StoredText))
        {
            var parts = value.Split(Separator, 3);
            if (parts.Length == 3 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var field) && field < TextFields.Length)
                texts.Add(new StoredText((SearchField)field, parts[1], parts[2]));
        }
        var severity = doc.Get(Severity);
        return new DocRecord
        {
            Id = doc.Get(Id),
            Title = doc.Get(Title + "_stored") ?? "",
            IncidentStart = Timestamp.TryParse(doc.Get(StoredStart), out var t) ? t : null,
            Severity = severity,
            Services = doc.GetValues(StoredServices),
            Texts = [.. texts],
        };
    }
}
