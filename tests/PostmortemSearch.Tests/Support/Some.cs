using System.Text;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers;
using PostmortemSearch.Importers.Extraction;
using PostmortemSearch.Importers.Markdown;

namespace PostmortemSearch.Tests.Support;

/// <summary>Test data builders: a postmortem from Markdown text, a source file from a string.</summary>
public static class Some
{
    public static SourceFile File(string name, string content) => new(name, Encoding.UTF8.GetBytes(content));

    /// <summary>Reads Markdown text through the real reader and extractor.</summary>
    public static Postmortem FromMarkdown(string markdown, string name = "doc.md")
    {
        var document = new MarkdownReader().Read(File(name, markdown)).Single();
        return PostmortemExtractor.Extract(document.Outline!, new SourceInfo { Kind = SourceKinds.Markdown, Path = name }, Importer.StableId(name));
    }

    public static Postmortem Postmortem(string id = "pm-test", string title = "Test incident") => new()
    {
        Id = id,
        Title = title,
        Source = new SourceInfo { Kind = SourceKinds.JsonLines, Path = "test.jsonl" },
    };
}
