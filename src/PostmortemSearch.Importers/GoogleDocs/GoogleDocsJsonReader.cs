using System.Text;
using System.Text.Json;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Importers.GoogleDocs;

/// <summary>
/// Reads a Google Docs API <c>documents.get</c> response: the legacy shape (top-level <c>body</c> and
/// <c>lists</c>) and the tabs shape (<c>tabs[].documentTab</c>, nested <c>childTabs</c>). Named styles give
/// title and headings; bullets with their list definitions give lists; smart chips give their display text.
/// </summary>
internal sealed class GoogleDocsJsonReader : IDocumentReader
{
    private const int SniffBytes = 4096;
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 256 };

    public string Kind => SourceKinds.GoogleDocsJson;

    public bool CanRead(SourceFile file)
    {
        if (file.Extension != ".json") return false;
        var head = Encoding.UTF8.GetString(file.Content.Span[..Math.Min(SniffBytes, file.Content.Length)]);
        return head.Contains("\"documentId\"", StringComparison.Ordinal)
            || (head.Contains("\"body\"", StringComparison.Ordinal) && head.Contains("\"content\"", StringComparison.Ordinal));
    }

    public IReadOnlyList<ReadDocument> Read(SourceFile file)
    {
        if (file.Content.IsEmpty) throw new ImportException("empty file: not a Google Docs API document");
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(file.Content, ParseOptions);
        }
        catch (JsonException e)
        {
            throw new ImportException($"not valid JSON: {e.Message}", e);
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ImportException("no body or tabs: not a Google Docs API document (the JSON is not an object)");

            var blocks = new List<Block>();
            var diagnostics = new List<Diagnostic>();
            string? styledTitle = null;
            if (root.TryGetProperty("tabs", out var tabs) && tabs.ValueKind == JsonValueKind.Array)
            {
                var showTabTitles = CountTabs(tabs) > 1;
                ReadTabs(tabs, depth: 0, showTabTitles, blocks, diagnostics, ref styledTitle);
            }
            else if (root.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.Object && body.TryGetProperty("content", out _))
            {
                var content = new GoogleDocsJsonContent(Property(root, "lists"), blocks, diagnostics);
                content.Read(body);
                styledTitle = content.Title;
            }
            else
            {
                throw new ImportException("no body or tabs: not a Google Docs API document");
            }

            var documentId = String(root, "documentId");
            var outline = new DocumentOutline
            {
                Title = String(root, "title") ?? styledTitle,
                Blocks = blocks,
                Diagnostics = diagnostics,
            };
            return [new ReadDocument { Outline = outline, SourceKey = documentId is null ? null : "gdocs:" + documentId }];
        }
    }

    private static int CountTabs(JsonElement tabs) =>
        tabs.EnumerateArray().Sum(t => 1 + (t.TryGetProperty("childTabs", out var c) && c.ValueKind == JsonValueKind.Array ? CountTabs(c) : 0));

    /// <summary>Each tab's content in order, children after their parent; the tab title is a heading when there are several tabs.</summary>
    private static void ReadTabs(JsonElement tabs, int depth, bool showTabTitles, List<Block> blocks, List<Diagnostic> diagnostics, ref string? styledTitle)
    {
        foreach (var tab in tabs.EnumerateArray())
        {
            var tabTitle = Property(tab, "tabProperties") is { } props ? String(props, "title") : null;
            if (showTabTitles && !string.IsNullOrWhiteSpace(tabTitle)) blocks.Add(new HeadingBlock(Math.Min(depth + 1, 6), tabTitle.Trim()));

            if (Property(tab, "documentTab") is { } documentTab && Property(documentTab, "body") is { } body)
            {
                var content = new GoogleDocsJsonContent(Property(documentTab, "lists"), blocks, diagnostics);
                content.Read(body);
                styledTitle ??= content.Title;
            }
            if (tab.TryGetProperty("childTabs", out var children) && children.ValueKind == JsonValueKind.Array)
                ReadTabs(children, depth + 1, showTabTitles, blocks, diagnostics, ref styledTitle);
        }
    }

    internal static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind is not JsonValueKind.Null and not JsonValueKind.Undefined
            ? value
            : null;

    internal static string? String(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    internal static bool True(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.True };
}
