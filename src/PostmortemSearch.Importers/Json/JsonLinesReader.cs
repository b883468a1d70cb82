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
                throw new ImportException($"line {lineNumber} is not a postmortem in the export schema: {e.Message}", e);
            }
            if (string.IsNullOrWhiteSpace(postmortem.Id) || string.IsNullOrWhiteSpace(postmortem.Title))
                throw new ImportException($"line {lineNumber} has no id or title");
            documents.Add(new ReadDocument { Postmortem = postmortem, SourceKey = postmortem.Id });
        }
        if (documents.Count == 0) throw new ImportException("the file holds no postmortems");
        return documents;
    }
}
