using System.Text.Json;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Importers.Json;

/// <summary>JSON lines of schema postmortems — what <c>pmsearch export</c> writes: the bulk path and the backup format.</summary>
internal sealed class JsonLinesReader : IDocumentReader
{
    public string Kind => SourceKinds.JsonLines;

    public bool CanRead(SourceFile file) => file.Extension is ".jsonl" or ".ndjson";

    public IReadOnlyList<ReadDocument> Read(SourceFile file)
    {
        var text = TextDecoding.Decode(file);
        var documents = new List<ReadDocument>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            Postmortem postmortem;
            try
            {
                postmortem = PostmortemJson.Deserialize(line);
            }
            catch (JsonException e)
            {
                throw new ImportException($"line {lineNumber} is not a postmortem in the export schema: {Describe(e)}", e);
            }
            if (string.IsNullOrWhiteSpace(postmortem.Id) || string.IsNullOrWhiteSpace(postmortem.Title))
                throw new ImportException($"line {lineNumber} has no id or title");
            documents.Add(new ReadDocument { Postmortem = postmortem, SourceKey = postmortem.Id });
        }
        if (documents.Count == 0) throw new ImportException("the file holds no postmortems");
        return documents;
    }

    /// <summary>The serializer's message without the .NET type names it carries ("could not be converted to PostmortemSearch.Core.Schema.…").</summary>
    private static string Describe(JsonException e)
    {
        var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path}";
        if (e.Message.Contains("could not be converted", StringComparison.Ordinal)) return $"a value{where} has the wrong type";
        if (e.Message.Contains("missing required properties", StringComparison.Ordinal)) return "required fields are missing (id, title and source with kind and path)";
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        return message.Contains("PostmortemSearch.", StringComparison.Ordinal) || message.Contains("System.", StringComparison.Ordinal) ? $"the line does not fit the schema{where}" : message.TrimEnd('.') + where;
    }
}
