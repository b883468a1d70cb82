using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PostmortemSearch.Core.Schema;

/// <summary>The one JSON shape of the schema (camelCase), used by export, import of JSON lines, the API and golden files.</summary>
public static class PostmortemJson
{
    public static readonly JsonSerializerOptions Options = Create(indented: false);
    public static readonly JsonSerializerOptions Indented = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            RespectNullableAnnotations = true,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string Serialize(Postmortem postmortem, bool indented = false) =>
        JsonSerializer.Serialize(postmortem, indented ? Indented : Options);

    public static Postmortem Deserialize(string json) =>
        JsonSerializer.Deserialize<Postmortem>(json, Options) ?? throw new JsonException("null postmortem");
}
