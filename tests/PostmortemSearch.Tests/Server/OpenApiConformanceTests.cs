using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace PostmortemSearch.Tests.Server;

/// <summary>Every endpoint answers as its OpenAPI document says: each status code (and body media type) a request gets is declared.</summary>
public sealed class OpenApiConformanceTests
{
    private const string Reader = "reader-key-1", Importer = "importer-key", Admin = "admin-key-1-2f8b9c0d7e";

    private sealed record Probe(string Method, string Template, string Url, string? Key, Func<HttpContent>? Body = null);

    private static MultipartFormDataContent Upload(string name, string text)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
        return new MultipartFormDataContent { { file, "files", name } };
    }

    private static IEnumerable<Probe> Probes(string id, string doomed)
    {
        yield return new("GET", "/health", "/health", null);
        foreach (var (template, url, bad) in new[]
        {
            ("/api/postmortems", "/api/postmortems", "/api/postmortems?limit=0"),
            ("/api/postmortems/{id}", $"/api/postmortems/{id}", "/api/postmortems/not%20an%20id"),
            ("/api/postmortems/{id}/similar", $"/api/postmortems/{id}/similar", $"/api/postmortems/{id}/similar?k=0"),
            ("/api/search", "/api/search?q=certificate", "/api/search?limit=0"),
            ("/api/action-items", "/api/action-items?status=open", "/api/action-items?status=late"),
            ("/api/factors", "/api/factors", "/api/factors"),
            ("/api/trends", "/api/trends?by=quarter", "/api/trends?by=week"),
            ("/api/reviews/{quarter}", "/api/reviews/2025Q1", "/api/reviews/2025Q9"),
        })
        {
            yield return new("GET", template, url, Reader);
            yield return new("GET", template, url, null);
            yield return new("GET", template, url, "not-a-known-key");
            yield return new("GET", template, bad, Reader);
        }
        yield return new("GET", "/api/postmortems/{id}", "/api/postmortems/pm-unknown", Reader);
        yield return new("GET", "/api/postmortems/{id}/similar", "/api/postmortems/pm-unknown/similar", Reader);
        foreach (var ext in new[] { "md", "html", "csv", "json", "pdf" })
            yield return new("GET", "/api/reviews/{quarter}", $"/api/reviews/2025Q1.{ext}", Reader);

        yield return new("GET", "/api/factors/{id}/statements", "/api/factors/cert-expiry/statements", Reader);
        yield return new("GET", "/api/factors/{id}/statements", "/api/factors/no-such-cluster/statements", Reader);
        yield return new("GET", "/api/factors/{id}/statements", "/api/factors/cert-expiry/statements?limit=0", Reader);
        yield return new("GET", "/api/factors/{id}/statements", "/api/factors/cert-expiry/statements", null);
        yield return new("GET", "/api/factors/curations", "/api/factors/curations", Reader);
        yield return new("GET", "/api/factors/curations", "/api/factors/curations", null);
        yield return new("GET", "/api/taxonomy", "/api/taxonomy", Reader);
        yield return new("GET", "/api/taxonomy", "/api/taxonomy", null);
        static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
        yield return new("POST", "/api/factors/{id}/curations", "/api/factors/cert-expiry/curations", Importer, () => Json("""{"action":"rename","label":"Certs"}"""));
        yield return new("POST", "/api/factors/{id}/curations", "/api/factors/cert-expiry/curations", Importer, () => Json("""{"action":"explode"}"""));
        yield return new("POST", "/api/factors/{id}/curations", "/api/factors/no-such-cluster/curations", Importer, () => Json("""{"action":"rename","label":"x"}"""));
        yield return new("POST", "/api/factors/{id}/curations", "/api/factors/cert-expiry/curations", Reader, () => Json("""{"action":"rename","label":"x"}"""));
        yield return new("POST", "/api/factors/{id}/curations", "/api/factors/cert-expiry/curations", null, () => Json("""{"action":"rename","label":"x"}"""));
        yield return new("PUT", "/api/taxonomy", "/api/taxonomy", Importer, () => Json("""{"categories":[]}"""));
        yield return new("PUT", "/api/taxonomy", "/api/taxonomy", Reader, () => Json("""{"categories":[]}"""));
        yield return new("PUT", "/api/taxonomy", "/api/taxonomy", null, () => Json("""{"categories":[]}"""));

        yield return new("DELETE", "/api/postmortems/{id}", $"/api/postmortems/{doomed}", Admin);
        yield return new("DELETE", "/api/postmortems/{id}", "/api/postmortems/pm-unknown", Admin);
        yield return new("DELETE", "/api/postmortems/{id}", "/api/postmortems/not%20an%20id", Admin);
        yield return new("DELETE", "/api/postmortems/{id}", $"/api/postmortems/{id}", Reader);
        yield return new("DELETE", "/api/postmortems/{id}", $"/api/postmortems/{id}", null);

        yield return new("GET", "/api/postmortems/{id}/history", $"/api/postmortems/{doomed}/history", Admin);
        yield return new("GET", "/api/postmortems/{id}/history", "/api/postmortems/pm-unknown/history", Admin);
        yield return new("GET", "/api/postmortems/{id}/history", "/api/postmortems/not%20an%20id/history", Admin);
        yield return new("GET", "/api/postmortems/{id}/history", $"/api/postmortems/{id}/history", Reader);
        yield return new("GET", "/api/postmortems/{id}/history", $"/api/postmortems/{id}/history", null);
        // The delete above kept version 1 of the doomed postmortem (a fresh store numbers versions from 1).
        yield return new("POST", "/api/postmortems/{id}/history/{version}/restore", $"/api/postmortems/{doomed}/history/1/restore", Admin);
        yield return new("POST", "/api/postmortems/{id}/history/{version}/restore", $"/api/postmortems/{id}/history/99/restore", Admin);
        yield return new("POST", "/api/postmortems/{id}/history/{version}/restore", "/api/postmortems/not%20an%20id/history/1/restore", Admin);
        yield return new("POST", "/api/postmortems/{id}/history/{version}/restore", $"/api/postmortems/{id}/history/1/restore", Reader);
        yield return new("POST", "/api/postmortems/{id}/history/{version}/restore", $"/api/postmortems/{id}/history/1/restore", null);

        yield return new("POST", "/api/import", "/api/import", Importer, () => Upload("new.md", Docs.Postmortem("Uploaded")));
        yield return new("POST", "/api/import", "/api/import", Reader, () => Upload("new.md", Docs.Postmortem("Uploaded")));
        yield return new("POST", "/api/import", "/api/import", null, () => Upload("new.md", Docs.Postmortem("Uploaded")));
        yield return new("POST", "/api/import", "/api/import", Importer, () => new MultipartFormDataContent { { new StringContent("x"), "note" } });
        yield return new("POST", "/api/import", "/api/import", Importer, () => new StringContent("{}", Encoding.UTF8, "application/json"));
        yield return new("POST", "/api/import", "/api/import", Importer, () => Upload("big.md", new string('x', 100_000)));
    }

    [Fact]
    public async Task Every_status_an_endpoint_answers_is_declared_in_the_openapi_document()
    {
        using var host = new ApiHost(ApiHost.Keys, maxUploadBytes: 64 * 1024);
        var id = host.Import("a.md", Docs.Postmortem("Checkout 502s after certificate expiry", date: "2025-02-03"));
        host.Import("b.md", Docs.Postmortem("Payments certificate lapsed", service: "payments-gateway", date: "2025-03-06"));
        var doomed = host.Import("c.md", Docs.Postmortem("To be deleted", service: "orders-api", date: "2025-03-09"));
        var anonymous = host.Client();
        var document = await ApiHost.Json(await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var paths = document.GetProperty("paths");

        var undeclared = new List<string>();
        var probed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var probe in Probes(id, doomed))
        {
            probed.Add($"{probe.Method} {probe.Template}");
            using var request = new HttpRequestMessage(new HttpMethod(probe.Method), new Uri(probe.Url, UriKind.Relative)) { Content = probe.Body?.Invoke() };
            if (probe.Key is not null) request.Headers.Add("X-Api-Key", probe.Key);
            using var response = await anonymous.SendAsync(request);
            var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var where = $"{probe.Method} {probe.Url} ({probe.Key ?? "no key"}) → {status} {mediaType}";
            if (!paths.TryGetProperty(probe.Template, out var path) && !paths.TryGetProperty(probe.Template + "/", out path))
                undeclared.Add($"{where}: path {probe.Template} not in the document");
            else if (!path.TryGetProperty(probe.Method.ToLowerInvariant(), out var operation))
                undeclared.Add($"{where}: method not in the document");
            else if (!operation.GetProperty("responses").TryGetProperty(status, out var declared))
                undeclared.Add($"{where}: status not declared (declared: {string.Join(", ", operation.GetProperty("responses").EnumerateObject().Select(r => r.Name))})");
            else if (mediaType is not null && response.Content.Headers.ContentLength != 0 && !Declares(declared, mediaType))
                undeclared.Add($"{where}: media type not declared");
        }

        var operations = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name.TrimEnd('/')}"))
            .Where(o => !o.EndsWith(' '))
            .ToList();
        Assert.Empty(undeclared);
        var unprobed = operations.Where(o => !probed.Contains(o)).ToList();
        Assert.Empty(unprobed);
    }

    private static bool Declares(JsonElement response, string mediaType) =>
        response.TryGetProperty("content", out var content) && content.EnumerateObject().Any(c => c.Name == mediaType);
}
