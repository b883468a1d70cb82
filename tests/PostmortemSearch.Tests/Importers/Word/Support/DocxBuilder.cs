using System.Security;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using PostmortemSearch.Importers;

namespace PostmortemSearch.Tests.Importers.Word.Support;

/// <summary>
/// Builds small .docx files with the Open XML SDK from WordprocessingML fragments, so a test shows the
/// exact markup it is about: <c>new DocxBuilder().Body(DocxBuilder.P("Summary", style: "Heading1")).ToFile()</c>.
/// </summary>
public sealed class DocxBuilder
{
    public const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    public const string W14 = "http://schemas.microsoft.com/office/word/2010/wordml";

    private readonly StringBuilder _body = new();
    private readonly StringBuilder _styles = new();
    private readonly StringBuilder _numbering = new();
    private readonly List<string> _nums = [];
    private string? _comments;
    private string? _coreXml;

    public DocxBuilder Body(params string[] fragments)
    {
        foreach (var fragment in fragments) _body.Append(fragment);
        return this;
    }

    /// <summary>A paragraph style; <paramref name="pPr"/> is inner pPr markup such as <c>&lt;w:outlineLvl w:val="2"/&gt;</c>.</summary>
    public DocxBuilder ParagraphStyle(string id, string name, string? basedOn = null, string? pPr = null, string? rPr = null)
    {
        _styles.Append($"<w:style w:type=\"paragraph\" w:styleId=\"{Escape(id)}\"><w:name w:val=\"{Escape(name)}\"/>");
        if (basedOn is not null) _styles.Append($"<w:basedOn w:val=\"{Escape(basedOn)}\"/>");
        if (pPr is not null) _styles.Append($"<w:pPr>{pPr}</w:pPr>");
        if (rPr is not null) _styles.Append($"<w:rPr>{rPr}</w:rPr>");
        _styles.Append("</w:style>");
        return this;
    }

    /// <summary>A list definition: <paramref name="formats"/>[i] is the numFmt of level i ("decimal", "bullet"…).</summary>
    public DocxBuilder List(int numId, params string[] formats)
    {
        _numbering.Append($"<w:abstractNum w:abstractNumId=\"{numId}\">");
        for (var i = 0; i < formats.Length; i++)
            _numbering.Append($"<w:lvl w:ilvl=\"{i}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{formats[i]}\"/><w:lvlText w:val=\"%{i + 1}.\"/></w:lvl>");
        _numbering.Append("</w:abstractNum>");
        // w:num elements must follow every w:abstractNum; Build() sorts them.
        _nums.Add($"<w:num w:numId=\"{numId}\"><w:abstractNumId w:val=\"{numId}\"/></w:num>");
        return this;
    }

    public DocxBuilder Comment(int id, string text)
    {
        _comments = (_comments ?? "") + $"<w:comment w:id=\"{id}\" w:author=\"Reviewer\"><w:p><w:r><w:t>{Escape(text)}</w:t></w:r></w:p></w:comment>";
        return this;
    }

    public DocxBuilder Core(string? title = null, string? creator = null, string? created = null)
    {
        _coreXml = "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
            + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + (title is null ? "" : $"<dc:title>{Escape(title)}</dc:title>")
            + (creator is null ? "" : $"<dc:creator>{Escape(creator)}</dc:creator>")
            + (created is null ? "" : $"<dcterms:created xsi:type=\"dcterms:W3CDTF\">{created}</dcterms:created>")
            + "</cp:coreProperties>";
        return this;
    }

    public byte[] Build()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document($"<w:document xmlns:w=\"{W}\" xmlns:w14=\"{W14}\"><w:body>{_body}</w:body></w:document>");
            if (_styles.Length > 0)
                main.AddNewPart<StyleDefinitionsPart>().Styles = new Styles($"<w:styles xmlns:w=\"{W}\">{_styles}</w:styles>");
            if (_numbering.Length > 0)
                main.AddNewPart<NumberingDefinitionsPart>().Numbering = new Numbering($"<w:numbering xmlns:w=\"{W}\">{_numbering}{string.Concat(_nums)}</w:numbering>");
            if (_comments is not null)
                main.AddNewPart<WordprocessingCommentsPart>().Comments = new Comments($"<w:comments xmlns:w=\"{W}\">{_comments}</w:comments>");
            if (_coreXml is not null)
            {
                using var core = document.AddCoreFilePropertiesPart().GetStream(FileMode.Create);
                core.Write(Encoding.UTF8.GetBytes(_coreXml));
            }
        }
        return stream.ToArray();
    }

    public SourceFile ToFile(string name = "synthetic.docx") => new(name, Build());

    /// <summary>A paragraph: one run of <paramref name="text"/>, optionally styled, bold, numbered.</summary>
    public static string P(string text, string? style = null, bool bold = false, int? numId = null, int level = 0, string? pPr = null)
    {
        var props = (style is null ? "" : $"<w:pStyle w:val=\"{Escape(style)}\"/>")
            + (numId is null ? "" : $"<w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{numId}\"/></w:numPr>")
            + (pPr ?? "");
        return $"<w:p>{(props.Length > 0 ? $"<w:pPr>{props}</w:pPr>" : "")}{R(text, bold)}</w:p>";
    }

    /// <summary>A run.</summary>
    public static string R(string text, bool bold = false) =>
        $"<w:r>{(bold ? "<w:rPr><w:b/></w:rPr>" : "")}<w:t xml:space=\"preserve\">{Escape(text)}</w:t></w:r>";

    /// <summary>A table from rows of cell texts; header rows are marked with w:tblHeader.</summary>
    public static string Table(int headerRows, params string[][] rows)
    {
        var xml = new StringBuilder("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>");
        for (var r = 0; r < rows.Length; r++)
        {
            xml.Append("<w:tr>");
            if (r < headerRows) xml.Append("<w:trPr><w:tblHeader/></w:trPr>");
            foreach (var cell in rows[r]) xml.Append($"<w:tc>{P(cell)}</w:tc>");
            xml.Append("</w:tr>");
        }
        return xml.Append("</w:tbl>").ToString();
    }

    public static string Escape(string text) => SecurityElement.Escape(text);
}
