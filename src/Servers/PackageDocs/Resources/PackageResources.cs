using System.Text.Json;
using DynamoMcp.PackageDocs.Answers;
using DynamoMcp.PackageDocs.Curation;
using DynamoMcp.PackageDocs.Tools;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.PackageDocs.Resources;

/// <summary>
/// The curated packages as MCP resources (<c>package-docs://pypi/django</c>, <c>package-docs://npm/@vitejs/plugin-vue</c>),
/// and the same URI template for any other package: one JSON document with the latest versions, the release history and
/// the links.
/// </summary>
public static class PackageResources
{
    public const string MimeType = "application/json";
    public const string UriTemplate = CuratedSet.ResourceScheme + "://{ecosystem}/{name}";
    public const int VersionsShown = 20;

    public static ValueTask<ListResourcesResult> ListAsync(RequestContext<ListResourcesRequestParams> context, CancellationToken cancellationToken)
    {
        var curated = Services(context).GetRequiredService<CuratedSet>();
        return ValueTask.FromResult(new ListResourcesResult
        {
            Resources = [.. curated.Packages.Select(p => new Resource
            {
                Uri = p.Uri,
                Name = $"{EcosystemNames.Of(p.Ecosystem)}/{p.Name}",
                Title = p.Name,
                Description = p.Description.Length > 0 ? p.Description : null,
                MimeType = MimeType,
            })],
        });
    }

    public static ValueTask<ListResourceTemplatesResult> ListTemplatesAsync(RequestContext<ListResourceTemplatesRequestParams> context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ListResourceTemplatesResult
        {
            ResourceTemplates =
            [
                new ResourceTemplate
                {
                    UriTemplate = UriTemplate,
                    Name = "package",
                    Title = "Any PyPI or npm package",
                    Description = "Versions, release history and links of any package: ecosystem 'pypi' or 'npm', name as published (a scoped npm name as @scope/name).",
                    MimeType = MimeType,
                },
            ],
        });

    public static async ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> context, CancellationToken cancellationToken)
    {
        var uri = context.Params?.Uri ?? throw new McpProtocolException("resources/read needs a uri.", McpErrorCode.InvalidParams);
        var address = Parse(uri);
        var answers = Services(context).GetRequiredService<PackageDocsAnswers>();
        var document = await AnswerErrors.AsToolErrorAsync(async () => new PackageDocument(
            await answers.GetVersionsAsync(address.Ecosystem, address.Name, includePrereleases: false, VersionsShown, cancellationToken).ConfigureAwait(false),
            await answers.GetReleaseHistoryAsync(address.Ecosystem, address.Name, cancellationToken).ConfigureAwait(false),
            await answers.GetLinksAsync(address.Ecosystem, address.Name, cancellationToken).ConfigureAwait(false))).ConfigureAwait(false);
        return new ReadResourceResult
        {
            Contents = [new TextResourceContents { Uri = uri, MimeType = MimeType, Text = JsonSerializer.Serialize(document, PackageDocsJson.Options) }],
        };
    }

    /// <summary>The package a <c>package-docs://</c> URI names; an MCP invalid-params error saying the form otherwise.</summary>
    public static PackageAddress Parse(string uri)
    {
        var prefix = CuratedSet.ResourceScheme + "://";
        if (!uri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new McpProtocolException($"Unknown resource '{uri}': this server's resources are {UriTemplate}, e.g. {prefix}pypi/django.", McpErrorCode.ResourceNotFound);
        }

        var rest = uri[prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        try
        {
            var address = slash < 0 ? PackageAddress.Parse(rest, null) : PackageAddress.Parse(rest[..slash], rest[(slash + 1)..]);
            return address.View is null
                ? address
                : throw new ArgumentException($"'{uri}' has a path after the package name; the form is {UriTemplate}.");
        }
        catch (ArgumentException e)
        {
            throw new McpProtocolException(e.Message, McpErrorCode.InvalidParams);
        }
    }

    private static IServiceProvider Services<T>(RequestContext<T> context) =>
        context.Services ?? throw new InvalidOperationException("The MCP request has no service provider.");
}
