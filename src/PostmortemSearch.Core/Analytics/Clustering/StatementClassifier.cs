using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace PostmortemSearch.Core.Analytics.Clustering;

/// <summary>One labelled text the classifier learns from: a taxonomy example or a curated statement (weighted higher).</summary>
internal sealed record TrainingExample(string Text, float[]? Embedding, string Category, float Weight);

/// <summary>A category and how sure the classifier is of it (the softmax probability).</summary>
internal readonly record struct Classification(string Category, float Confidence);

/// <summary>
/// ML.NET multiclass classifier from statements to taxonomy categories: features are the sentence embedding (when
/// there is one) concatenated with ML.NET's TF-IDF text featurization, learnt by L-BFGS maximum entropy. Trained from
/// the taxonomy's examples plus the organisation's curations. Deterministic: one thread, seeded context.
/// </summary>
internal sealed class StatementClassifier
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly int _dimensions;
    private readonly string[] _categories;

    private sealed class Row
    {
        public string Text { get; set; } = "";
        public float[] Embedding { get; set; } = [];
        public string Label { get; set; } = "";
        public float Weight { get; set; } = 1;
    }

    private sealed class Prediction
    {
        public uint PredictedLabel { get; set; }
        public float[] Score { get; set; } = [];
    }

    private StatementClassifier(MLContext ml, ITransformer model, int dimensions, string[] categories)
    {
        _ml = ml;
        _model = model;
        _dimensions = dimensions;
        _categories = categories;
    }

    public IReadOnlyList<string> Categories => _categories;

    /// <param name="dimensions">Embedding size; 0 trains on text features alone.</param>
    public static StatementClassifier Train(IReadOnlyList<TrainingExample> examples, int dimensions, int seed, float l2 = 0.05f)
    {
        if (examples.Count == 0) throw new ArgumentException("no training examples", nameof(examples));
        var ml = new MLContext(seed);
        var categories = examples.Select(e => e.Category).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var data = ml.Data.LoadFromEnumerable(examples.Select(e => ToRow(e.Text, e.Embedding, dimensions, e.Category, e.Weight)), Schema(ml, dimensions));
        var features = dimensions > 0 ? new[] { "Embedding", "TextFeatures" } : ["TextFeatures"];
        var pipeline = ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(TextFeatures.Estimator(ml, "TextFeatures", "Text", unigrams: 20_000, bigrams: 20_000))
            .Append(ml.Transforms.Concatenate("Features", features))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = "LabelKey",
                FeatureColumnName = "Features",
                ExampleWeightColumnName = "Weight",
                L1Regularization = 0,
                L2Regularization = l2,
                NumberOfThreads = 1,
                MaximumNumberOfIterations = 300,
                OptimizationTolerance = 1e-6f,
            }));
        return new StatementClassifier(ml, pipeline.Fit(data), dimensions, categories);
    }

    /// <summary>The most probable category per text, with its probability.</summary>
    public Classification[] Classify(IReadOnlyList<string> texts, IReadOnlyList<float[]?> embeddings)
    {
        if (texts.Count == 0) return [];
        var data = _ml.Data.LoadFromEnumerable(texts.Select((t, i) => ToRow(t, embeddings.Count > i ? embeddings[i] : null, _dimensions, _categories[0], 1)), Schema(_ml, _dimensions));
        var scored = _model.Transform(data);
        var result = new Classification[texts.Count];
        var row = 0;
        // Keys are ordered by value (KeyOrdinality.ByValue), so score slot k is _categories[k].
        foreach (var p in _ml.Data.CreateEnumerable<Prediction>(scored, reuseRowObject: true))
        {
            var best = 0;
            for (var k = 1; k < p.Score.Length; k++) if (p.Score[k] > p.Score[best]) best = k;
            result[row++] = new Classification(_categories[best], p.Score.Length > 0 ? p.Score[best] : 0);
        }
        return result;
    }

    private static Row ToRow(string text, float[]? embedding, int dimensions, string label, float weight) =>
        new() { Text = text, Embedding = dimensions == 0 ? new float[1] : embedding ?? new float[dimensions], Label = label, Weight = weight };

    private static SchemaDefinition Schema(MLContext ml, int dimensions)
    {
        _ = ml;
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Embedding)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Math.Max(dimensions, 1));
        return schema;
    }
}
