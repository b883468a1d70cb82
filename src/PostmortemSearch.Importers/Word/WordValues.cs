using DocumentFormat.OpenXml;

namespace PostmortemSearch.Importers.Word;

/// <summary>
/// Attribute values read the way Word itself reads them. The Open XML SDK throws when <c>.Value</c> meets a value
/// outside its enumeration (LibreOffice writes <c>w:tblHeader w:val="true"</c> where the schema allows only on/off);
/// these helpers read the attribute's text instead, so one odd attribute never costs the document.
/// </summary>
internal static class WordValues
{
    /// <summary>An on/off flag: absent value means on; "true"/"1"/"on" on, "false"/"0"/"off" off; anything else off.</summary>
    public static bool IsOn(OpenXmlSimpleType? value) => value is null || value.InnerText is null || IsOnText(value.InnerText);

    internal static bool IsOnText(string text) => text.Trim().ToLowerInvariant() is "" or "true" or "1" or "on";

    /// <summary>The value of a typed attribute, or null when the file wrote something the SDK cannot parse.</summary>
    public static T? Read<T>(Func<T?> read) where T : struct
    {
        try { return read(); }
        catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException) { return null; }
    }
}
