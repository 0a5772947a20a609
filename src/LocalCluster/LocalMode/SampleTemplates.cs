using System.Net;
using DynamoMcp.McpBridge.Catalog;
using DynamoMcp.McpBridge.Kubernetes;
using DynamoMcp.McpBridge.Templates;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DynamoMcp.LocalCluster.LocalMode;

/// <summary>
/// The sample catalog (config/catalog/templates.yaml, embedded): served to discover_templates from a ConfigMap, and
/// added as CookiecutterTemplates on request. Both only create what is missing, so a person's edits survive restarts.
/// </summary>
public static class SampleTemplates
{
    public const string Namespace = "default";
    public const string CatalogConfigMapName = "dynamo-mcp-template-catalog";
    public const string CatalogConfigMapKey = "catalog.yaml";

    public static string CatalogText { get; } = ReadCatalog();

    public static IReadOnlyList<CatalogEntry> Entries { get; } = TemplateCatalog.Parse(CatalogText, "config/catalog/templates.yaml");

    /// <summary>Creates the catalog ConfigMap unless it exists; returns whether it was created.</summary>
    public static async Task<bool> EnsureCatalogAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        var map = new V1ConfigMap
        {
            Metadata = new V1ObjectMeta
            {
                Name = CatalogConfigMapName,
                NamespaceProperty = Namespace,
                Labels = new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = "dynamo-mcp" },
            },
            Data = new Dictionary<string, string> { [CatalogConfigMapKey] = CatalogText },
        };
        return await CreateUnlessPresentAsync(
            () => client.CoreV1.CreateNamespacedConfigMapAsync(map, Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Adds every catalog entry as a CookiecutterTemplate unless one of that name exists; returns the names added.</summary>
    public static async Task<IReadOnlyList<string>> AddAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        var kind = CustomResourceKind.CookiecutterTemplate;
        var added = new List<string>();
        foreach (var entry in Entries)
        {
            var manifest = TemplateManifests.CookiecutterTemplate(Namespace, entry.Name, entry.GitUrl, entry.GitRef, entry.Directory, entry.Description, entry.Tags);
            if (await CreateUnlessPresentAsync(() => client.CustomObjects.CreateNamespacedCustomObjectAsync(
                    manifest, kind.Group, CustomResourceKind.Version, Namespace, kind.Plural, cancellationToken: cancellationToken)).ConfigureAwait(false))
            {
                added.Add(entry.Name);
            }
        }

        return added;
    }

    private static async Task<bool> CreateUnlessPresentAsync(Func<Task> create)
    {
        try
        {
            await create().ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    private static string ReadCatalog()
    {
        using var stream = typeof(SampleTemplates).Assembly.GetManifestResourceStream("DynamoMcp.LocalCluster.SampleCatalog.yaml")
            ?? throw new InvalidOperationException("The sample catalog is not embedded in this build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
