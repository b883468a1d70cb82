using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Tests.Support;

/// <summary>How the field-accuracy tests compare extracted text and times with their truth files.</summary>
public static class FieldText
{
    /// <summary>Lowercase words only: renderers differ in punctuation, markup and the case of a sentence's first letter.</summary>
    public static string Words(string text) =>
        string.Join(' ', System.Text.RegularExpressions.Regex.Split(text.ToLowerInvariant(), @"[^\p{L}\p{N}]+").Where(w => w.Length > 0));

    /// <summary>Words 2..8 of a statement: what every rendering of it keeps.</summary>
    public static string Middle(string text) => string.Join(' ', Words(text).Split(' ').Skip(1).Take(7));

    /// <summary>The same local time and offset (null expected: nothing extracted).</summary>
    public static bool SameTime(Timestamp? actual, string? expected)
    {
        if (expected is null) return actual is null;
        return actual is { } a && Timestamp.TryParse(expected, out var t) && a.Local == t.Local && a.Offset == t.Offset;
    }
}
