using System.Diagnostics;
using PostmortemSearch.Importers;
using PostmortemSearch.Tests.Support;

namespace PostmortemSearch.Tests.Importers.Word;

/// <summary>
/// Word files written by LibreOffice (<c>soffice --convert-to "docx:MS Word 2007 XML"</c>), built at test time from the
/// HTML and flat-ODF sources in Word/LibreOffice/ — one soffice run for all of them, once per test run. A missing soffice
/// fails the test (.ci/run installs libreoffice-writer-nogui).
/// </summary>
public sealed class LibreOfficeDocxTests
{
    private static readonly Lazy<string> Converted = new(Convert);

    private static string Convert()
    {
        var source = Path.Combine(RepoPaths.Root, "tests", "PostmortemSearch.Tests", "Importers", "Word", "LibreOffice");
        var output = Path.Combine(Path.GetTempPath(), "pmsearch-soffice-" + Environment.ProcessId);
        Directory.CreateDirectory(output);
        var start = new ProcessStartInfo("soffice") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--headless", "-env:UserInstallation=file://" + output + "/profile", "--convert-to", "docx:MS Word 2007 XML", "--outdir", output })
            start.ArgumentList.Add(arg);
        foreach (var file in Directory.GetFiles(source).Order(StringComparer.Ordinal)) start.ArgumentList.Add(file);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("soffice did not start");
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    private static PostmortemSearch.Core.Schema.Postmortem Import(string name)
    {
        var path = Path.Combine(Converted.Value, name);
        Assert.True(File.Exists(path), $"soffice did not write {path}");
        return Assert.Single(Assert.Single(new Importer().ReadPaths([path], Converted.Value)).Postmortems);
    }

    [Fact]
    public void Tables_with_a_repeated_header_row_import_and_the_heading_beats_a_stale_title_property()
    {
        var p = Import("queue-backlog.docx");
        Assert.Equal("Order queue backlog after a consumer pool was scaled to zero", p.Title);
        Assert.Equal(5, p.Timeline.Count);
        Assert.Equal(["order-intake", "fulfilment-worker"], p.Services);
        Assert.Equal(new DateOnly(2025, 6, 18), p.PostmortemDate);
        Assert.Equal(["Dana Whitfield", "Oskar Lindqvist"], p.Authors);
        Assert.Equal("OPS-1181", p.ActionItems[1].Ticket);
    }

    [Fact]
    public void Without_heading_styles_bold_date_lines_keep_the_timeline_whole()
    {
        var p = Import("cert-rotation.docx");
        Assert.Equal("Internal API certificate expired on the payments gateway", p.Title);
        Assert.Equal(4, p.Timeline.Count);
        Assert.Equal(new DateOnly(2025, 9, 3), p.Timeline[^1].At!.Value.Date);
        Assert.Single(p.ActionItems);
    }
}
