using System.Globalization;
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
            .ProducesRoleProblems()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status507InsufficientStorage)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
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
        catch (InvalidDataException e)
        {
            return FormProblem(e.Message, maxUploadBytes);
        }
        catch (BadHttpRequestException e)
        {
            return BadRequest($"the upload is not valid multipart/form-data: {e.Message}");
        }
        catch (IOException e) when (IsDiskFull(e))
        {
            return DiskFull();
        }
        catch (IOException)
        {
            // A body that ends before its closing boundary, or parts whose boundary does not match, surface as I/O errors.
            return BadRequest("the upload is not valid multipart/form-data: the body ended early or its parts do not match the boundary in Content-Type");
        }
        var files = form.Files.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)).ToList();
        if (files.Count == 0) return BadRequest("no files in the upload; send one or more files (form field 'files')");

        var sources = new List<SourceFile>();
        try
        {
            foreach (var file in files)
            {
                using var buffer = new MemoryStream((int)Math.Min(file.Length, int.MaxValue));
                await file.CopyToAsync(buffer, ct);
                sources.Add(new SourceFile(UploadName(file.FileName), buffer.ToArray()) { FromUpload = true });
            }
        }
        catch (IOException e) when (!IsDiskFull(e))
        {
            return BadRequest("the upload is not valid multipart/form-data: a file part could not be read to its end");
        }
        var caller = user.ToCaller();
        try
        {
            var rows = LowPriorityWork.Run(() =>
            {
                var importer = new Importer(clock: catalog.Time);
                var outcomes = sources.SelectMany(source => importer.ReadFile(source))
                    .Select(o => o with { Postmortems = [.. o.Postmortems.Select(p => Importer.MatchStored(p, catalog.Store.WithTitle))] })
                    .ToList();
                return ImportBatch.Save(catalog, outcomes, caller.Name, caller);
            });
            if (rows.Count > 0 && rows.All(r => r.Status == "rejected")) return AllRejected(rows);
            return TypedResults.Ok(rows);
        }
        catch (Exception e) when (IsDiskFull(e))
        {
            return DiskFull();
        }
    }

    /// <summary>
    /// Nothing was kept: a 422 problem (not a 200 a script would take for success) that still carries every row with
    /// its reason, in <c>rows</c>. A batch where some files were kept stays 200 with the rejected rows in it.
    /// </summary>
    private static ProblemHttpResult AllRejected(IReadOnlyList<ImportRow> rows) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Nothing imported",
            detail: rows.Count == 1 ? $"{rows[0].Path} was rejected: {rows[0].Error}" : $"all {rows.Count} files were rejected; the reasons are in rows",
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["rows"] = rows });

    /// <summary>SQLITE_FULL from the store, or ENOSPC from the file system (the batch's transaction rolled back).</summary>
    internal static bool IsDiskFull(Exception e) => e switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 13,
        IOException io => (io.HResult & 0xFFFF) == 28 || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase) || io.Message.Contains("disk full", StringComparison.OrdinalIgnoreCase),
        _ => e.InnerException is { } inner && IsDiskFull(inner),
    };

    internal static ProblemHttpResult DiskFull() =>
        TypedResults.Problem(statusCode: StatusCodes.Status507InsufficientStorage, title: "Insufficient storage",
            detail: "the store's disk is full: nothing from this upload was saved; free disk space and upload again");

    /// <summary>The client's file name, reduced to a plain name (no folders, no control characters, no zip-entry marker).</summary>
    internal static string UploadName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string([.. name.Where(c => !char.IsControl(c) && c != '!')]).Trim();
        if (name.Length > 200) name = name[^200..];
        return name.Length == 0 || name is "." or ".." ? "upload" : name;
    }

    /// <summary>
    /// Each form-reader limit (ASP.NET Core's <c>FormOptions</c>, messages like "Form value count limit 10000 exceeded.")
    /// as its own problem: only the body length means "too large"; a malformed part is a 400 that says which limit.
    /// </summary>
    internal static ProblemHttpResult FormProblem(string message, long maxUploadBytes)
    {
        bool Starts(string prefix) => message.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
        if (Starts("Multipart body length limit")) return TooLarge(maxUploadBytes);
        if (Starts("Form value count limit"))
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too many files",
                detail: $"the upload has more than {ServerOptions.MaxUploadFiles:N0} files or form fields; send at most {ServerOptions.MaxUploadFiles:N0} per upload, or put them in a zip");
        if (Starts("Multipart header") || Starts("Line length limit"))
            return BadRequest($"a part of the upload has too many or too long headers ({message})");
        if (Starts("Form key or value length limit")) return BadRequest($"a form field of the upload is too long ({message})");
        if (Starts("Multipart boundary length limit")) return BadRequest($"the multipart boundary is too long ({message})");
        return BadRequest($"the upload is not valid multipart/form-data: {message}");
    }

    private static ProblemHttpResult TooLarge(long limit) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Upload too large",
            detail: $"the upload is larger than the limit of {Size(limit)} (PMSEARCH_MAX_UPLOAD_BYTES); send fewer or smaller files");

    /// <summary>A byte count as people read it: a limit below 1 MB said "0 MB".</summary>
    internal static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB ({bytes:N0} bytes)"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MB"),
    };

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid upload", detail: detail);
}
