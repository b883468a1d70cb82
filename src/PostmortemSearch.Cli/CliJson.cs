using System.Text.Json;
using PostmortemSearch.Core.Schema;

namespace PostmortemSearch.Cli;

internal static class CliJson
{
    public static void Write<T>(TextWriter writer, T value) => writer.WriteLine(JsonSerializer.Serialize(value, PostmortemJson.Indented));
}
