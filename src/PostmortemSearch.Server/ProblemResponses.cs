namespace PostmortemSearch.Server;

/// <summary>
/// The problem responses (RFC 7807, <c>application/problem+json</c>) endpoints can give, declared in the OpenAPI
/// document next to what TypedResults declare on their own (200 bodies and ValidationProblem's 400).
/// </summary>
internal static class ProblemResponses
{
    /// <summary>401 when keys are configured and none (or an unknown one) is sent; every key has a reading role, so no 403.</summary>
    public static RouteHandlerBuilder ProducesReadProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status401Unauthorized);

    /// <summary>401 as for reading, and 403 for a key whose role may not do this.</summary>
    public static RouteHandlerBuilder ProducesRoleProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>400 for a malformed id, 404 for an id the caller cannot see.</summary>
    public static RouteHandlerBuilder ProducesIdProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
}
