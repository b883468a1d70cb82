using System.Globalization;
using System.Runtime.InteropServices;
using System.Xml;
using System.Xml.Linq;
using PostmortemSearch.Core.Schema;
using PostmortemSearch.Importers.Html;
using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Importers.Confluence;

/// <summary>
/// <c>entities.xml</c> of a Confluence XML site or space export (Hibernate objects). One document per current page:
/// historical versions, drafts and deleted pages are skipped. Read in two streaming passes (pages, users and labels;
/// then the bodies of the pages kept), one object at a time, so a large export is never held as one DOM.
/// </summary>
internal sealed class ConfluenceXmlReader : IDocumentReader
{
    public string Kind => SourceKinds.ConfluenceXml;

    public bool CanRead(SourceFile file)
    {
        if (file.Extension != ".xml" || file.Content.IsEmpty) return false;
        var head = HtmlTree.Head(file.Content, 4096);
        return head.Contains("<hibernate-generic", StringComparison.Ordinal);
    }

    public IReadOnlyList<ReadDocument> Read(SourceFile file)
    {
        if (file.Content.IsEmpty) throw new ImportException($"{file.FileName} is empty");

        var pages = new List<PageRecord>();
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        var labelNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var labellings = new List<(string Content, string Label)>();
        var viewRestricted = new HashSet<string>(StringComparer.Ordinal);
        ReadObjects(file, ["Page", "ConfluenceUserImpl", "Label", "Labelling", "ContentPermissionSet"], obj =>
        {
            switch (obj.Class)
            {
                case "Page":
                    if (IsCurrent(obj)) pages.Add(new PageRecord(obj));
                    break;
                case "ConfluenceUserImpl" when obj.Property("name") is { } name:
                    users[obj.Id] = name;
                    break;
                case "Label" when obj.Property("namespace") is not "my" && obj.Property("name") is { } label:
                    labelNames[obj.Id] = label;
                    break;
                case "Labelling" when obj.Reference("label") is { } labelId && (obj.Reference("content") ?? obj.Property("labelableId")) is { } contentId:
                    labellings.Add((contentId, labelId));
                    break;
                // Confluence's own page restriction: a View permission set means only the listed users and groups may read it.
                case "ContentPermissionSet" when string.Equals(obj.Property("type")?.Trim(), "View", StringComparison.OrdinalIgnoreCase)
                                                 && obj.Reference("owningContent") is { } owner:
                    viewRestricted.Add(owner);
                    break;
            }
        });

        var byId = pages.ToDictionary(p => p.Object.Id, StringComparer.Ordinal);
        ReadObjects(file, ["BodyContent"], obj =>
        {
            if (obj.ReferenceClass("content") == "Page" && obj.Reference("content") is { } pageId && byId.TryGetValue(pageId, out var page))
                page.Body = obj.Property("body") ?? "";
        });

        return pages.Select(page => new ReadDocument
        {
            Outline = Outline(page, users, labellings.Where(l => l.Content == page.Object.Id && labelNames.ContainsKey(l.Label)).Select(l => labelNames[l.Label]).Distinct().ToList(),
                viewRestricted.Contains(page.Object.Id)),
            SourceKey = "confluence:" + page.Object.Id,
            Path = file.Path + "#page=" + page.Object.Id,
        }).ToList();
    }

    /// <summary>A current page: not a historical version (no originalVersion), status current or unstated.</summary>
    private static bool IsCurrent(HibernateObject page) =>
        page.Reference("originalVersion") is null
        && page.Property("contentStatus") is null or "current";

    private sealed class PageRecord(HibernateObject page)
    {
        public HibernateObject Object { get; } = page;
        public string Body { get; set; } = "";
    }

    private static DocumentOutline Outline(PageRecord page, Dictionary<string, string> users, List<string> labels, bool viewRestricted)
    {
        var context = new HtmlOutlineContext();
        var root = ConfluenceStorageDialect.Parse(page.Body, context);
        var title = page.Object.Property("title");
        var blocks = HtmlOutlineBuilder.Build(root, new ConfluenceStorageDialect(users), context);
        if (title is not null && blocks is [HeadingBlock first, ..] && first.Text == title) blocks = blocks.Skip(1).ToList();

        var metadata = new List<MetadataEntry>();
        var propertiesDialect = new ConfluenceStorageDialect(users, dropPageProperties: false);
        foreach (var macro in HtmlTree.Elements(root, prune: ConfluenceStorageDialect.IsPageProperties).Where(ConfluenceStorageDialect.IsPageProperties))
            foreach (var table in HtmlOutlineBuilder.Build(macro, propertiesDialect, context).OfType<TableBlock>())
                metadata.AddRange(ConfluenceHtmlReader.Pairs(table));
        if (viewRestricted) metadata.Add(new MetadataEntry("Restricted", "yes (Confluence view restriction)"));

        var authors = new List<string>();
        foreach (var role in new[] { "creator", "lastModifier" })
            if (page.Object.Reference(role) is { } key)
            {
                var name = users.TryGetValue(key, out var n) ? n : key;
                if (!authors.Contains(name, StringComparer.Ordinal)) authors.Add(name);
            }

        var created = Time(page.Object.Property("creationDate"));
        var modified = Time(page.Object.Property("lastModificationDate"));
        if (created is not null || modified is not null)
            context.Add(DiagnosticSeverity.Info, "creation and modification times carry no zone (the Confluence server's local time); kept as written");
        return new DocumentOutline
        {
            Title = title,
            Metadata = metadata,
            Authors = authors,
            Created = created,
            Modified = modified,
            Labels = labels,
            Tickets = context.Tickets,
            Blocks = blocks,
            Diagnostics = context.Diagnostics,
        };
    }

    private static Timestamp? Time(string? text) =>
        text is not null && DateTime.TryParseExact(text.Trim(), ["yyyy-MM-dd HH:mm:ss.FFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFF"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? Timestamp.Unzoned(value)
            : null;

    /// <summary>Streams the file and hands each <c>object</c> of the wanted classes to <paramref name="handle"/>, one at a time.</summary>
    private static void ReadObjects(SourceFile file, string[] classes, Action<HibernateObject> handle)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            using var stream = MemoryMarshal.TryGetArray(file.Content, out var segment) && segment.Array is not null
                ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(file.Content.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, settings);
            reader.MoveToContent();
            if (reader.LocalName != "hibernate-generic")
                throw new ImportException($"{file.FileName} is not a Confluence XML export: the root element is <{reader.LocalName}>, not <hibernate-generic>");
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "object")
                {
                    if (classes.Contains(reader.GetAttribute("class")))
                        handle(new HibernateObject((XElement)XNode.ReadFrom(reader)));
                    else reader.Skip();
                }
                else reader.Read();
            }
        }
        catch (XmlException e) when (e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            throw new ImportException($"{file.FileName} declares a DTD (<!DOCTYPE>); DTDs are rejected so that external entities (XXE) and entity expansion (billion laughs) cannot be used", e);
        }
        catch (XmlException e)
        {
            throw new ImportException($"{file.FileName} is not well-formed XML (line {e.LineNumber}, position {e.LinePosition}): {e.Message}", e);
        }
    }

    /// <summary>One Hibernate object: its id, plain properties, and references (properties naming another object's id).</summary>
    private sealed class HibernateObject(XElement element)
    {
        public string Class { get; } = (string?)element.Attribute("class") ?? "";
        public string Id { get; } = element.Element("id")?.Value.Trim() ?? "";

        private XElement? PropertyElement(string name) =>
            element.Elements("property").FirstOrDefault(p => (string?)p.Attribute("name") == name);

        public string? Property(string name) => PropertyElement(name) is { } p && p.Attribute("class") is null ? p.Value : null;

        public string? Reference(string name) => PropertyElement(name) is { } p && p.Attribute("class") is not null ? p.Element("id")?.Value.Trim() : null;

        public string? ReferenceClass(string name) => (string?)PropertyElement(name)?.Attribute("class");
    }
}
