using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PostmortemSearch.Core.Schema;

/// <summary>
/// A point in time as the document wrote it: a local date-time plus the offset when the document gave one.
/// An unzoned time is never shifted; <see cref="ToInstant"/> reads it as UTC only for arithmetic.
/// Serialised as ISO-8601: <c>2025-03-04T14:02:00+01:00</c>, or <c>2025-03-04T14:02:00</c> without a zone.
/// </summary>
[JsonConverter(typeof(TimestampJsonConverter))]
public readonly record struct Timestamp(DateTime Local, TimeSpan? Offset)
{
    public bool HasZone => Offset is not null;

    public static Timestamp FromOffset(DateTimeOffset value) => new(DateTime.SpecifyKind(value.DateTime, DateTimeKind.Unspecified), value.Offset);

    public static Timestamp Unzoned(DateTime local) => new(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), null);

    /// <summary>The instant, reading an unzoned time as UTC (callers that compare times accept that approximation).</summary>
    public DateTimeOffset ToInstant() => new(Local, Offset ?? TimeSpan.Zero);

    public DateOnly Date => DateOnly.FromDateTime(Local);

    public override string ToString() => Offset is { } o
        ? new DateTimeOffset(Local, o).ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture)
        : Local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out Timestamp value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        var hasZone = text.EndsWith('Z') || text.EndsWith('z')
            || (text.Length > 6 && (text[^6] is '+' or '-') && text[^3] == ':')
            || (text.Length > 5 && (text[^5] is '+' or '-') && text.IndexOf('T', StringComparison.Ordinal) > 0 && char.IsDigit(text[^1]) && text[^5..].All(c => c is '+' or '-' || char.IsDigit(c)));
        if (hasZone)
        {
            // "0001-01-01T00:00:00+14:00" names no instant: rejected, never read again without its zone.
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto)) return false;
            value = FromOffset(dto);
            return true;
        }
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var dt))
        {
            value = Unzoned(dt);
            return true;
        }
        return false;
    }
}

internal sealed class TimestampJsonConverter : JsonConverter<Timestamp>
{
    public override Timestamp Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Timestamp.TryParse(reader.GetString(), out var value) ? value : throw new JsonException($"'{reader.GetString()}' is not an ISO-8601 time");

    public override void Write(Utf8JsonWriter writer, Timestamp value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
