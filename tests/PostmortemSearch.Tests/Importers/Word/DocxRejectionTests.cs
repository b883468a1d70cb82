using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using PostmortemSearch.Importers;
using PostmortemSearch.Importers.Word;
using PostmortemSearch.Tests.Importers.Word.Support;

namespace PostmortemSearch.Tests.Importers.Word;

/// <summary>Damaged and hostile .docx files are refused with a reason a user can act on.</summary>
public class DocxRejectionTests
{
    private static ImportException Reject(byte[] bytes, string name = "report.docx") =>
        Assert.Throws<ImportException>(() => new DocxReader().Read(new SourceFile(name, bytes)));

    private static byte[] ValidDocx() => new DocxBuilder().Body(DocxBuilder.P("Summary of the outage.")).Build();

    [Fact]
    public void Empty_file_is_refused()
    {
        Assert.Contains("empty file", Reject([]).Message);
    }

    [Fact]
    public void Random_bytes_named_docx_are_refused_as_not_a_zip()
    {
        var random = new byte[4096];
        new Random(42).NextBytes(random);
        Assert.Contains("not a zip package", Reject(random).Message);
    }

    [Fact]
    public void Truncated_docx_is_refused_as_damaged_or_truncated()
    {
        var bytes = ValidDocx();
        Assert.Contains("damaged or truncated", Reject(bytes[..(bytes.Length / 2)]).Message);
    }

    [Fact]
    public void Zip_without_a_word_document_is_refused()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("notes.txt").Open();
            entry.Write("hello"u8);
        }
        Assert.Contains("not a", Reject(stream.ToArray()).Message);
    }

    [Fact]
    public void Part_claiming_one_gigabyte_uncompressed_is_refused_before_opening()
    {
        var bytes = ClaimUncompressedSize(ValidDocx(), "word/document.xml", 1L << 30);
        var error = Reject(bytes);
        Assert.Contains("word/document.xml", error.Message);
        Assert.Contains("zip bomb", error.Message);
    }

    [Fact]
    public void Part_that_inflates_past_its_claimed_size_is_refused()
    {
        // The guard trusts the central directory's sizes only because the zip reader stops at the claimed size.
        var bytes = ClaimUncompressedSize(ValidDocx(), "word/document.xml", 16);
        Assert.Contains("not a readable Word document", Reject(bytes).Message);
    }

    [Fact]
    public void Parts_over_the_total_limit_are_refused()
    {
        var bytes = ValidDocx();
        foreach (var part in new[] { "word/document.xml", "[Content_Types].xml", "_rels/.rels" })
            bytes = ClaimUncompressedSize(bytes, part, 90L * 1024 * 1024);
        Assert.Contains("in total", Reject(bytes).Message);
    }

    [Fact]
    public void Xml_part_with_a_dtd_and_external_entity_is_refused()
    {
        var bytes = ReplaceEntry(ValidDocx(), "word/document.xml", xml =>
            xml.Replace("<w:document", "<!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><w:document", StringComparison.Ordinal)
               .Replace("Summary of the outage.", "&xxe;", StringComparison.Ordinal));
        var error = Reject(bytes);
        Assert.Contains("DTD", error.Message);
        Assert.Contains("word/document.xml", error.Message);
    }

    [Fact]
    public void Can_read_claims_docx_by_extension_only()
    {
        var reader = new DocxReader();
        Assert.True(reader.CanRead(new SourceFile("a/Incident Postmortem.DOCX", ReadOnlyMemory<byte>.Empty)));
        Assert.False(reader.CanRead(new SourceFile("export.zip", ValidDocx())));
        Assert.False(reader.CanRead(new SourceFile("page.doc", ValidDocx())));
    }

    /// <summary>Rewrites the uncompressed-size fields of one entry in the local and central headers (content untouched).</summary>
    private static byte[] ClaimUncompressedSize(byte[] zip, string entryName, long size)
    {
        var bytes = (byte[])zip.Clone();
        var name = Encoding.UTF8.GetBytes(entryName);
        var patched = 0;
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            var (sizeOffset, nameLengthOffset, nameOffset) = signature switch
            {
                0x04034b50 => (22, 26, 30), // local file header
                0x02014b50 => (24, 28, 46), // central directory header
                _ => (-1, 0, 0),
            };
            if (sizeOffset < 0) continue;
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i + nameLengthOffset));
            if (nameLength != name.Length || !bytes.AsSpan(i + nameOffset, nameLength).SequenceEqual(name)) continue;
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + sizeOffset), checked((uint)size));
            patched++;
        }
        Assert.Equal(2, patched);
        return bytes;
    }

    private static byte[] ReplaceEntry(byte[] zip, string entryName, Func<string, string> edit)
    {
        using var stream = new MemoryStream();
        stream.Write(zip);
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = archive.GetEntry(entryName)!;
            string xml;
            using (var reader = new StreamReader(entry.Open())) xml = reader.ReadToEnd();
            entry.Delete();
            using var writer = new StreamWriter(archive.CreateEntry(entryName).Open());
            writer.Write(edit(xml));
        }
        return stream.ToArray();
    }
}
