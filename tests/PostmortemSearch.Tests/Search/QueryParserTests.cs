using PostmortemSearch.Core.Search;

namespace PostmortemSearch.Tests.Search;

public class QueryParserTests
{
    [Fact]
    public void Parses_every_clause_kind()
    {
        var q = QueryParser.Parse("checkout latency \"connection pool\" -redis -\"read replica\" deploy* service:Checkout team:\"Site Reliability\" severity:sev-1 after:2025-03 before:2025Q4 status:published tag:db factor:7");
        Assert.Equal(["checkout", "latency"], q.Terms);
        Assert.Equal(["connection pool"], q.Phrases);
        Assert.Equal(["redis"], q.ExcludedTerms);
        Assert.Equal(["read replica"], q.ExcludedPhrases);
        Assert.Equal(["deploy"], q.Prefixes);
        Assert.Equal(["checkout"], q.Services);
        Assert.Equal(["site reliability"], q.Teams);
        Assert.Equal(["SEV1"], q.Severities);
        Assert.Equal(new DateOnly(2025, 3, 1), q.After);
        Assert.Equal(new DateOnly(2025, 10, 1), q.Before);
        Assert.Equal(["published"], q.Statuses);
        Assert.Equal(["db"], q.Tags);
        Assert.Equal(["7"], q.Factors);
    }

    [Theory]
    [InlineData("sev1", "SEV1")]
    [InlineData("SEV-1", "SEV1")]
    [InlineData("P1", "SEV1")]
    [InlineData("sev 2", "SEV2")]
    [InlineData("3", "SEV3")]
    public void Severity_is_normalised(string raw, string expected) => Assert.Equal(expected, QueryParser.NormalizeSeverity(raw));

    [Theory]
    [InlineData("2025", 2025, 1, 1)]
    [InlineData("2025-07", 2025, 7, 1)]
    [InlineData("2025-07-15", 2025, 7, 15)]
    [InlineData("2025Q3", 2025, 7, 1)]
    [InlineData("2025q1", 2025, 1, 1)]
    public void Periods_parse_to_their_first_day(string raw, int y, int m, int d) =>
        Assert.Equal(new DateOnly(y, m, d), QueryParser.ParsePeriodStart(raw));

    // Every class of hostile input: results or a QueryException, nothing else.
    [Theory]
    [InlineData("\"unbalanced quote")] // runs to the end as a phrase
    [InlineData("\"")]
    [InlineData("-")]
    [InlineData("*")]
    [InlineData(":")]
    [InlineData("- * : \" -\"")]
    [InlineData("service:")] // QueryException: needs a value
    [InlineData("team:")]
    [InlineData("severity:banana")] // QueryException: not a severity
    [InlineData("after:yesterday")] // QueryException: not a date
    [InlineData("after:2025-13")] // QueryException: month 13
    [InlineData("NEAR(checkout latency, 5)")] // FTS5 syntax is text
    [InlineData("checkout OR latency AND NOT deploy")]
    [InlineData("'; DROP TABLE postmortems; --")]
    [InlineData("title:foo body:bar")] // unknown fields are text
    [InlineData("\u0000\u0001\u001f\u007f")] // control characters
    [InlineData("🔥🔥 outage 💥")] // emoji
    [InlineData("\uD800 lone surrogate")]
    [InlineData("-service:checkout")] // QueryException: negated filter
    [InlineData("((((((")]
    [InlineData("*deploy*")]
    [InlineData("a:b:c:d")]
    [InlineData("--")]
    public void Hostile_input_gives_results_or_a_QueryException(string query) => AssertSafe(query);

    [Fact]
    public void Long_queries_are_rejected_with_a_QueryException()
    {
        var ex = Assert.Throws<QueryException>(() => QueryParser.Parse(new string('a', 10_000)));
        Assert.Contains("4096", ex.Message);
        Assert.Contains("Usage", ex.Message);
    }

    [Fact]
    public void Fuzz_of_random_strings_never_throws_anything_but_QueryException()
    {
        var random = new Random(12345);
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 \"-*:()'\\/.,;_@#$%^&+=<>?!~`|{}[]\t\n\u0000é😀";
        for (var i = 0; i < 2000; i++)
        {
            var length = random.Next(0, 120);
            var chars = new char[length];
            for (var k = 0; k < length; k++) chars[k] = alphabet[random.Next(alphabet.Length)];
            var query = new string(chars);
            if (random.Next(4) == 0) query = "service:" + query;
            AssertSafe(query);
        }
    }

    private static readonly Lazy<SearchIndex> Index = new(() =>
    {
        var index = new SearchIndex();
        index.Build(Some.Corpus());
        return index;
    });

    private static void AssertSafe(string query)
    {
        try
        {
            _ = QueryParser.Parse(query);
            _ = Index.Value.Search(new SearchRequest { Query = query });
        }
        catch (QueryException ex)
        {
            Assert.Contains("Usage", ex.Message);
        }
    }
}
