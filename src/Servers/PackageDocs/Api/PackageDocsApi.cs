using DynamoMcp.PackageDocs.Answers;
using DynamoMcp.PackageDocs.Compatibility;
using DynamoMcp.PackageDocs.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DynamoMcp.PackageDocs.Api;

/// <summary>
/// The REST API beside MCP, with the tools' answers as JSON:
/// <c>GET /api/{ecosystem}/{name}</c> (versions; <c>?includePrereleases=true&amp;limit=N</c>),
/// <c>…/{name}/history</c>, <c>…/{name}/links</c> and
/// <c>…/{name}/compatible?with=django:5.1&amp;python=3.12</c> (<c>with</c> repeated, <c>node=</c> for npm).
/// A scoped npm name is <c>/api/npm/@vitejs/plugin-vue</c>. Errors are <c>{error, message}</c> with 400, 404, 502 or 503.
/// </summary>
public static class PackageDocsApi
{
    public static IEndpointRouteBuilder MapPackageDocsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/{ecosystem}/{**rest}", HandleAsync);
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(string ecosystem, string? rest, HttpRequest request, PackageDocsAnswers answers, CancellationToken cancellationToken)
    {
        try
        {
            var address = PackageAddress.Parse(ecosystem, rest);
            var query = request.Query;
            object answer = address.View switch
            {
                null or "versions" => await answers.GetVersionsAsync(
                    address.Ecosystem, address.Name, Flag(query["includePrereleases"]), Number(query["limit"]), cancellationToken).ConfigureAwait(false),
                "history" => await answers.GetReleaseHistoryAsync(address.Ecosystem, address.Name, cancellationToken).ConfigureAwait(false),
                "links" => await answers.GetLinksAsync(address.Ecosystem, address.Name, cancellationToken).ConfigureAwait(false),
                "compatible" => await answers.FindCompatibleAsync(
                    new CompatibilityQuery(
                        address.Ecosystem, address.Name, With(query["with"]), Text(query["python"]), Text(query["node"]), Flag(query["includePrereleases"])),
                    cancellationToken).ConfigureAwait(false),
                _ => throw new ArgumentException($"Unknown view '{address.View}': use versions (the default), history, links or compatible."),
            };
            return Results.Json(answer, PackageDocsJson.Options);
        }
        catch (RegistryException e)
        {
            var status = e.Kind switch
            {
                RegistryErrorKind.InvalidName => StatusCodes.Status400BadRequest,
                RegistryErrorKind.NotFound => StatusCodes.Status404NotFound,
                RegistryErrorKind.InvalidResponse => StatusCodes.Status502BadGateway,
                _ => StatusCodes.Status503ServiceUnavailable,
            };
            return Error(status, e.Kind.ToString(), e.Message);
        }
        catch (ArgumentException e)
        {
            return Error(StatusCodes.Status400BadRequest, "InvalidRequest", Tools.AnswerErrors.Describe(e) ?? e.Message);
        }
    }

    private static IResult Error(int status, string error, string message) =>
        Results.Json(new ApiError(error, message), PackageDocsJson.Options, statusCode: status);

    private static bool Flag(string? value) =>
        value is null or "" ? false
        : bool.TryParse(value, out var b) ? b
        : value == "1" ? true
        : throw new ArgumentException($"'{value}' is not true or false.");

    private static int Number(string? value) =>
        string.IsNullOrEmpty(value) ? PackageDocsAnswers.DefaultLimit
        : int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n
        : throw new ArgumentException($"limit must be a whole number, got '{value}'.");

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary><c>with=django:5.1</c> (or <c>django==5.1</c>, <c>django=5.1</c>), repeated or comma-separated.</summary>
    private static Dictionary<string, string> With(Microsoft.Extensions.Primitives.StringValues values)
    {
        var with = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            // The first ':' or '=' after the name separates it from the version (a scoped npm name has no such character).
            var at = item.IndexOfAny([':', '='], 1);
            if (at < 0)
            {
                throw new ArgumentException($"with='{item}' names no version: write name:version, e.g. with=django:5.1.");
            }

            with[item[..at].Trim()] = item[at..].TrimStart(':', '=').Trim();
        }

        return with;
    }
}
