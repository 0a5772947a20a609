using DynamoMcp.McpBridge.Hosting;
using DynamoMcp.McpBridge.Kubernetes;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace DynamoMcp.McpBridge.Catalog;

/// <summary>
/// Known templates and MCP servers from the configured catalog file and/or ConfigMap, read on each call (both are
/// small). One catalog document holds both lists.
/// </summary>
public sealed class TemplateCatalog(KubernetesClients clients, IOptions<BridgeOptions> options)
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();

    /// <summary>The templates of every configured source, the first of each name.</summary>
    public async Task<IReadOnlyList<CatalogEntry>> LoadAsync(CancellationToken cancellationToken)
    {
        var documents = await LoadDocumentsAsync(
            "No template catalog is configured on this bridge (Bridge:Catalog:File or Bridge:Catalog:ConfigMapName). Ask an administrator, or add a template by git URL with add_template.",
            cancellationToken).ConfigureAwait(false);
        return [.. documents.SelectMany(d => d.Templates).DistinctBy(e => e.Name)];
    }

    /// <summary>The MCP servers of every configured source, the first of each name.</summary>
    public async Task<IReadOnlyList<CatalogServerEntry>> LoadServersAsync(CancellationToken cancellationToken)
    {
        var documents = await LoadDocumentsAsync(
            "No catalog is configured on this bridge (Bridge:Catalog:File or Bridge:Catalog:ConfigMapName). Ask an administrator, or add a server by url or image with add_mcp_server.",
            cancellationToken).ConfigureAwait(false);
        return [.. documents.SelectMany(d => d.Servers).DistinctBy(e => e.Name)];
    }

    /// <summary>The templates of one catalog document.</summary>
    public static IReadOnlyList<CatalogEntry> Parse(string text, string source) => ParseDocument(text, source).Templates;

    /// <summary>One catalog document; a document without <c>templates:</c> or <c>servers:</c> has an empty list there.</summary>
    public static CatalogDocument ParseDocument(string text, string source)
    {
        try
        {
            var document = Yaml.Deserialize<CatalogDocument?>(text) ?? new CatalogDocument();
            document.Templates ??= [];
            document.Servers ??= [];
            return document;
        }
        catch (YamlException e)
        {
            throw new McpException($"The template catalog in {source} is not valid (line {e.Start.Line}): ask an administrator to fix it.");
        }
    }

    private async Task<IReadOnlyList<CatalogDocument>> LoadDocumentsAsync(string notConfigured, CancellationToken cancellationToken)
    {
        var catalog = options.Value.Catalog;
        if (catalog.File is null && catalog.ConfigMapName is null)
        {
            throw new McpException(notConfigured);
        }

        var documents = new List<CatalogDocument>();
        if (catalog.File is not null)
        {
            var text = await File.ReadAllTextAsync(catalog.File, cancellationToken).ConfigureAwait(false);
            documents.Add(ParseDocument(text, catalog.File));
        }

        if (catalog.ConfigMapName is not null)
        {
            var ns = options.Value.BridgeNamespace;
            try
            {
                var map = await clients.Bridge.CoreV1.ReadNamespacedConfigMapAsync(catalog.ConfigMapName, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (map.Data?.TryGetValue(catalog.ConfigMapKey, out var text) == true)
                {
                    documents.Add(ParseDocument(text, $"ConfigMap {ns}/{catalog.ConfigMapName} key {catalog.ConfigMapKey}"));
                }
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                throw new McpException($"The template catalog ConfigMap {ns}/{catalog.ConfigMapName} does not exist. Ask an administrator to create it.");
            }
        }

        return documents;
    }
}
