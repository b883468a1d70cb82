using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace PostmortemSearch.Core.Analytics.Clustering;

/// <summary>
/// ML.NET text featurization: normalised text → words (English stop words removed) → unigram+bigram TF-IDF bag,
/// L2-normalised. Replaces the hand-written hashed TF-IDF/LSA; the vocabulary and IDF are learnt from the texts it is
/// fitted on, capped so the dense form stays small at 100k statements.
/// </summary>
internal static class TextFeatures
{
    internal sealed class TextRow
    {
        public string Text { get; set; } = "";
    }

    private sealed class FeatureRow
    {
        [VectorType]
        public float[] Text { get; set; } = [];
    }

    /// <summary>The featurizing estimator, reading column <paramref name="input"/> into <paramref name="output"/>.</summary>
    public static TextFeaturizingEstimator Estimator(MLContext ml, string output, string input, int unigrams, int bigrams) =>
        ml.Transforms.Text.FeaturizeText(output, new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepDiacritics = false,
            KeepPunctuations = false,
            KeepNumbers = false,
            StopWordsRemoverOptions = new StopWordsRemovingEstimator.Options { Language = TextFeaturizingEstimator.Language.English },
            WordFeatureExtractor = new WordBagEstimator.Options
            {
                NgramLength = 2,
                UseAllLengths = true,
                MaximumNgramsCount = [unigrams, bigrams],
                Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf,
            },
            CharFeatureExtractor = null,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        }, input);

    /// <summary>Fits the featurizer on <paramref name="texts"/> and returns their dense, unit-length TF-IDF vectors.</summary>
    public static float[][] FitTransform(IReadOnlyList<string> texts, int seed, int unigrams = 2000, int bigrams = 1000)
    {
        if (texts.Count == 0) return [];
        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));
        var model = Estimator(ml, "Features", nameof(TextRow.Text), unigrams, bigrams).Fit(data);
        var transformed = model.Transform(data);
        var column = transformed.Schema["Features"];
        var result = new float[texts.Count][];
        using var cursor = transformed.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var buffer = default(VBuffer<float>);
        var row = 0;
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            var dense = new float[buffer.Length];
            buffer.CopyTo(dense);
            result[row++] = dense;
        }
        return result;
    }
}
