namespace PostmortemSearch.Core.Semantic;

/// <summary>
/// Turns texts into unit-length vectors whose dot product is their semantic similarity. Two implementations: the real
/// local model (<see cref="MiniLmEmbedder"/>) and small deterministic fakes in the tests where the model is not the point.
/// </summary>
public interface IEmbedder
{
    /// <summary>What produced the vectors (e.g. "all-MiniLM-L6-v2"); stored with every vector.</summary>
    string ModelId { get; }

    /// <summary>
    /// Changes whenever the same text could get a different vector (weights, tokenizer, pooling, token cap), so stored
    /// vectors with another version are re-embedded.
    /// </summary>
    string ModelVersion { get; }

    /// <summary>Length of every vector.</summary>
    int Dimensions { get; }

    /// <summary>Tokens the model reads of one text (the rest is cut), including its special tokens.</summary>
    int MaxTokens { get; }

    /// <summary>Tokens <paramref name="text"/> becomes, special tokens included, uncapped (for splitting into passages).</summary>
    int CountTokens(string text);

    /// <summary>One L2-normalised vector per text, in the order given. Thread-safe.</summary>
    float[][] Embed(IReadOnlyList<string> texts);
}
