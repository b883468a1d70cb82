using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PostmortemSearch.Core;
using PostmortemSearch.Importers;
using PostmortemSearch.Server.Auth;

namespace PostmortemSearch.Server;

/// <summary><c>POST /api/import</c>: multipart upload of one or more files or zips, through the same import path as the CLI.</summary>
public static class ImportApi
{
    public static RouteHandlerBuilder MapImport(this IEndpointRouteBuilder routes, long maxUploadBytes) =>
        routes.MapPost("/api/import", (HttpRequest request, ClaimsPrincipal user, PostmortemCatalog catalog, CancellationToken ct) =>
                Import(request, user, catalog, maxUploadBytes, ct))
            .RequireAuthorization(AccessPolicies.Import)
            .WithMetadata(new RequestSizeLimitAttribute(maxUploadBytes))
            .DisableAntiforgery()
            .Accepts<IFormFileCollection>("multipart/form-data")
            .WithTags("Import")
            .WithSummary("Upload files or zips (multipart/form-data); one row per postmortem saved or file rejected: [{path, status, id?, title?, error?}]");

    private static async Task<Results<Ok<IReadOnlyList<ImportRow>>, ProblemHttpResult>> Import(
        HttpRequest request, ClaimsPrincipal user, PostmortemCatalog catalog, long maxUploadBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxUploadBytes) return TooLarge(maxUploadBytes);
        if (!request.HasFormContentType) return BadRequest("send multipart/form-data with one or more files");
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(maxUploadBytes);
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return TooLarge(maxUploadBytes);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            return BadRequest($"the upload is not valid multipart/form-data: {e.Message}");
        }
        var files = form.Files.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)).ToList();
        if (files.Count == 0) return BadRequest("no files in the upload; send one or more files (form field 'files')");

        var outcomes = new List<FileOutcome>();
        var importer = new Importer();
        foreach (var file in files)
        {
            using var buffer = new MemoryStream((int)Math.Min(file.Length, int.MaxValue));
            await file.CopyToAsync(buffer, ct);
            outcomes.AddRange(importer.ReadFile(new SourceFile(UploadName(file.FileName), buffer.ToArray())));
        }
        return TypedResults.Ok(ImportBatch.Save(catalog, outcomes, user.ToCaller().Name));
    }

    /// <summary>The client's file name, reduced to a plain name (no folders, no control characters, no zip-entry marker).</summary>
    internal static string UploadName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string([.. name.Where(c => !char.IsControl(c) && c != '!')]).Trim();
        if (name.Length > 200) name = name[^200..];
        return name.Length == 0 || name is "." or ".." ? "upload" : name;
    }

    private static ProblemHttpResult TooLarge(long limit) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Upload too large",
            detail: $"the upload is larger than the limit of {limit / (1024.0 * 1024.0):0.#} MB; send fewer or smaller files");

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid upload", detail: detail);
}
