using DynamoMcp.McpBridge.Hosting;
using DynamoMcp.McpBridge.Kubernetes;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace DynamoMcp.McpBridge.Catalog;

/// <summary>Known templates from the configured catalog file and/or ConfigMap, read on each call (both are small).</summary>
public sealed class TemplateCatalog(KubernetesClients clients, IOptions<BridgeOptions> options)
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();

    public async Task<IReadOnlyList<CatalogEntry>> LoadAsync(CancellationToken cancellationToken)
    {
        var catalog = options.Value.Catalog;
        if (catalog.File is null && catalog.ConfigMapName is null)
        {
            throw new McpException("No template catalog is configured on this bridge (Bridge:Catalog:File or Bridge:Catalog:ConfigMapName). Ask an administrator, or add a template by git URL with add_template.");
        }

        var entries = new List<CatalogEntry>();
        if (catalog.File is not null)
        {
            var text = await File.ReadAllTextAsync(catalog.File, cancellationToken).ConfigureAwait(false);
            entries.AddRange(Parse(text, catalog.File));
        }

        if (catalog.ConfigMapName is not null)
        {
            var ns = options.Value.BridgeNamespace;
            try
            {
                var map = await clients.Bridge.CoreV1.ReadNamespacedConfigMapAsync(catalog.ConfigMapName, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (map.Data?.TryGetValue(catalog.ConfigMapKey, out var text) == true)
                {
                    entries.AddRange(Parse(text, $"ConfigMap {ns}/{catalog.ConfigMapName} key {catalog.ConfigMapKey}"));
                }
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                throw new McpException($"The template catalog ConfigMap {ns}/{catalog.ConfigMapName} does not exist. Ask an administrator to create it.");
            }
        }

        return [.. entries.DistinctBy(e => e.Name)];
    }

    public static IReadOnlyList<CatalogEntry> Parse(string text, string source)
    {
        try
        {
            return Yaml.Deserialize<CatalogDocument?>(text)?.Templates ?? [];
        }
        catch (YamlException e)
        {
            throw new McpException($"The template catalog in {source} is not valid (line {e.Start.Line}): ask an administrator to fix it.");
        }
    }
}
