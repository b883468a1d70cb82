using PostmortemSearch.Core.Search;

namespace PostmortemSearch.Tests.Search;

public class AnalyzerTests
{
    private static readonly Analyzer Analyzer = Analyzer.Default;

    private static List<string> Terms(string text) => [.. Analyzer.Analyze(text).Select(t => t.Text)];

    [Theory]
    [InlineData("OPS-123", new[] { "op", "123" })]
    [InlineData("us-east-1", new[] { "us", "east", "1" })]
    [InlineData("p99", new[] { "p99" })]
    [InlineData("5xx", new[] { "5xx" })]
    [InlineData("7,500", new[] { "7,500" })] // a number stays one token: "500" (a 5xx word) is not inside it
    [InlineData("InnoDB", new[] { "innodb" })]        // one word: "db" is not inside it
    [InlineData("mTLS", new[] { "mtls" })]
    public void The_standard_tokenizer_keeps_words_and_numbers_whole(string text, string[] expected) =>
        Assert.Equal(expected, Terms(text));

    [Theory]
    [InlineData("out of memory", "oom")]
    [InlineData("OOM", "oom")]
    [InlineData("pod was OOMKilled", "oom")]
    [InlineData("502 errors", "5xx")]
    [InlineData("certificate", "cert")]
    [InlineData("TLS", "cert")]
    [InlineData("certificates expired", "cert")]
    [InlineData("kubernetes", "k8s")]
    [InlineData("database", "db")]
    [InlineData("configuration", "config")]
    [InlineData("rollout", "deploy")]
    [InlineData("load balancer", "lb")]
    [InlineData("slow", "latency")]
    [InlineData("no space left on device", "disk_full")]
    [InlineData("timed out", "timeout")]
    [InlineData("thundering herd", "retry_storm")]
    [InlineData("the resolver failed", "dns")]
    public void Ops_vocabulary_maps_to_the_group_canonical_term(string text, string canonical) =>
        Assert.Contains(canonical, Terms(text));

    [Theory]
    [InlineData("Resolved at 14:05", "dns")]    // "resolved" shares a stem with "resolver", not its meaning
    [InlineData("7,500 requests", "5xx")]
    [InlineData("InnoDB buffer pool", "db")]
    [InlineData("the release notes", "5xx")]
    public void Vocabulary_terms_are_not_added_for_lookalike_words(string text, string canonical) =>
        Assert.DoesNotContain(canonical, Terms(text));

    [Fact]
    public void Vocabulary_terms_sit_at_the_position_of_the_words_they_stand_for()
    {
        var tokens = Analyzer.Analyze("the process ran out of memory");
        var oom = tokens.Single(t => t.Text == "oom");
        Assert.Equal(TokenKind.Synonym, oom.Kind);
        Assert.Equal(tokens.Single(t => t.Text == "out").Position, oom.Position);
    }

    [Fact]
    public void Stop_words_are_removed_but_keep_positions()
    {
        var tokens = Analyzer.Analyze("the database and the cache");
        Assert.DoesNotContain(tokens, t => t.Text is "the" or "and");
        var db = tokens.First(t => t.Text == "databas");
        var cache = tokens.First(t => t.Text == "cach");
        Assert.Equal(3, cache.Position - db.Position);
    }

    [Fact]
    public void Possessives_are_dropped() => Assert.Equal(["servic", "certif", "cert"], Terms("service's certificate"));

    [Fact]
    public void Diacritics_fold_and_offsets_point_into_the_original_text()
    {
        const string text = "Café déploiement";
        var tokens = Analyzer.Analyze(text);
        Assert.Equal("cafe", tokens[0].Text);
        Assert.Equal("Café", text[tokens[0].Start..tokens[0].End]);
        Assert.Equal("déploiement", text[tokens[1].Start..tokens[1].End]);
    }

    [Fact]
    public void Options_turn_synonyms_and_stemming_off()
    {
        var plain = new Analyzer(new AnalyzerOptions { Synonyms = false, Stemming = false });
        Assert.Equal(["certificates", "expired"], plain.Analyze("certificates expired").Select(t => t.Text));
    }

    [Fact]
    public void Hostile_text_does_not_throw()
    {
        var text = string.Concat(Enumerable.Repeat("\u0000\uD83D\uDE00 é-ü___--..::@@ \uD800 aB", 500)) + new string('x', 5000);
        _ = Analyzer.Analyze(text);
    }

    [Theory]
    [InlineData("running", "run")]
    [InlineData("deployments", "deploy")]
    [InlineData("replication", "replic")]
    [InlineData("databases", "databas")]
    public void English_stemming(string word, string stem) => Assert.Contains(stem, Terms(word));
}
