using System.Runtime.CompilerServices;
using PostmortemSearch.Core.Search;

namespace PostmortemSearch.Tests.Search;

public class AnalyzerTests
{
    private static readonly Analyzer Analyzer = Analyzer.Default;

    private static List<string> Terms(string text) => [.. Analyzer.Analyze(text).Select(t => t.Text)];

    [Theory]
    [InlineData("OPS-123", new[] { "ops-123", "op", "123" })]
    [InlineData("us-east-1", new[] { "us-east-1", "us", "east", "1" })]
    [InlineData("v2.3.1", new[] { "v2.3.1", "v2", "3", "1" })]
    [InlineData("p99", new[] { "p99" })]
    [InlineData("5xx", new[] { "5xx" })]
    public void Identifiers_are_kept_whole_and_split(string text, string[] expected)
    {
        foreach (var term in expected) Assert.Contains(term, Terms(text));
    }

    [Fact]
    public void Camel_case_is_split_and_maps_to_the_oom_group()
    {
        var terms = Terms("pod was OOMKilled");
        Assert.Contains("oomkil", terms); // the whole identifier, stemmed like any word
        Assert.Contains("oom", terms);
        Assert.Contains("kill", terms);
    }

    [Theory]
    [InlineData("out of memory", "oom")]
    [InlineData("OOM", "oom")]
    [InlineData("502 errors", "5xx")]
    [InlineData("certificate", "cert")]
    [InlineData("TLS", "cert")]
    [InlineData("certificates expired", "cert")]
    [InlineData("kubernetes", "k8s")]
    [InlineData("database", "db")]
    [InlineData("configuration", "config")]
    [InlineData("rollout", "deploy")]
    [InlineData("load balancer", "lb")]
    [InlineData("slow", "latenc")]
    [InlineData("no space left on device", "disk_full")]
    [InlineData("timed out", "timeout")]
    [InlineData("thundering herd", "retri_storm")]
    public void Ops_vocabulary_maps_to_the_group_canonical_term(string text, string canonical) =>
        Assert.Contains(canonical, Terms(text));

    [Fact]
    public void Both_sides_of_a_group_share_the_canonical_term()
    {
        Assert.Contains("oom", Terms("the process ran out of memory"));
        Assert.Contains("oom", Terms("container OOMKilled"));
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
        var terms = plain.Analyze("certificates expired").Select(t => t.Text).ToList();
        Assert.Equal(["certificates", "expired"], terms);
    }

    [Fact]
    public void Hostile_text_does_not_throw()
    {
        var text = string.Concat(Enumerable.Repeat("\u0000\uD83D\uDE00 é-ü___--..::@@ \uD800 aB", 500)) + new string('x', 5000);
        _ = Analyzer.Analyze(text);
    }

    [Fact]
    public void Porter2_matches_the_published_snowball_vocabulary()
    {
        var failures = new List<string>();
        var lines = File.ReadAllLines(DataPath("porter2-vocabulary.txt")).Where(l => !l.StartsWith('#') && l.Length > 0).ToList();
        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            var stem = EnglishStemmer.Stem(parts[0]);
            if (stem != parts[1]) failures.Add($"{parts[0]}: expected {parts[1]}, got {stem}");
        }
        Assert.True(lines.Count > 300);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("running", "run")]
    [InlineData("deployments", "deploy")]
    [InlineData("generously", "generous")]
    [InlineData("communication", "communic")]
    [InlineData("skies", "sky")]
    [InlineData("dying", "die")]
    [InlineData("succeeding", "succeed")]
    [InlineData("hopping", "hop")]
    [InlineData("hoping", "hope")]
    [InlineData("cries", "cri")]
    [InlineData("ties", "tie")]
    public void Porter2_known_cases(string word, string stem) => Assert.Equal(stem, EnglishStemmer.Stem(word));

    internal static string DataPath(string name, [CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "Data", name);
}
