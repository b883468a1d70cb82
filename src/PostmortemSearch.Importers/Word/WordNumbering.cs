using DocumentFormat.OpenXml.Wordprocessing;

namespace PostmortemSearch.Importers.Word;

/// <summary>The numbering part, reduced to the one question the outline asks: is this list level numbered or bulleted?</summary>
internal sealed class WordNumbering
{
    private readonly Dictionary<int, NumberingInstance> _instances = [];
    private readonly Dictionary<int, AbstractNum> _abstracts = [];

    public WordNumbering(Numbering? numbering)
    {
        foreach (var instance in numbering?.Elements<NumberingInstance>() ?? [])
        {
            if (instance.NumberID?.Value is int id) _instances.TryAdd(id, instance);
        }
        foreach (var abstractNum in numbering?.Elements<AbstractNum>() ?? [])
        {
            if (abstractNum.AbstractNumberId?.Value is int id) _abstracts.TryAdd(id, abstractNum);
        }
    }

    /// <summary>True for decimal, letter, roman… formats; false for bullets, "none" and lists the part does not define.</summary>
    public bool IsOrdered(int numId, int level)
    {
        if (!_instances.TryGetValue(numId, out var instance)) return false;
        var overridden = instance.Elements<LevelOverride>()
            .FirstOrDefault(o => o.LevelIndex?.Value == level)?.Level;
        var format = overridden?.NumberingFormat;
        if (format is null
            && instance.AbstractNumId?.Val?.Value is int abstractId
            && _abstracts.TryGetValue(abstractId, out var abstractNum))
        {
            format = abstractNum.Elements<Level>().FirstOrDefault(l => l.LevelIndex?.Value == level)?.NumberingFormat;
        }
        var value = format?.Val?.InnerText;
        return value is not null and not "bullet" and not "none";
    }
}
