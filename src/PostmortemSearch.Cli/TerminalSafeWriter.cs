using System.Text;

namespace PostmortemSearch.Cli;

/// <summary>
/// What every verb writes goes through this: titles, summaries and paths come from documents, and a terminal runs the
/// escape sequences in them (ESC [2J clears the screen, OSC 0 sets the window title, OSC 52 writes the clipboard).
/// Control characters other than newline and tab are dropped (C0, DEL and C1, where ESC and the 8-bit CSI/OSC live),
/// and so are the bidirectional overrides that make text display in another order than it reads. JSON output loses
/// nothing: its serializer already escapes control characters.
/// </summary>
public sealed class TerminalSafeWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => inner.FormatProvider;

    public override string NewLine
    {
#pragma warning disable CS8765 // TextWriter.NewLine's setter accepts null; the inner writer decides.
        get => inner.NewLine;
        set => inner.NewLine = value;
#pragma warning restore CS8765
    }

    public static bool IsUnsafe(char c) =>
        (char.IsControl(c) && c is not '\n' and not '\t') || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';

    /// <summary>The text with unsafe characters removed (for places that write to the console directly).</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(IsUnsafe)) return text ?? "";
        return new string([.. text.Where(c => !IsUnsafe(c))]);
    }

    public override void Write(char value)
    {
        if (!IsUnsafe(value)) inner.Write(value);
    }

    public override void Write(string? value) => inner.Write(Clean(value));

    public override void Write(char[] buffer, int index, int count) => inner.Write(Clean(new string(buffer, index, count)));

    // The newline itself is the inner writer's own (it may be "\r\n" on Windows), so it is not filtered.
    public override void WriteLine() => inner.WriteLine();

    public override void WriteLine(string? value) => inner.WriteLine(Clean(value));

    public override void Flush() => inner.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Flush();
        base.Dispose(disposing);
    }
}
