using System.Net;
using DynamoMcp.Api.Crds;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DynamoMcp.LocalCluster.LocalMode;

/// <summary>Installs (or updates) the project's CRDs, generated from the resource types of this very build.</summary>
public static class CrdInstaller
{
    public static async Task<IReadOnlyList<string>> InstallAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        foreach (var crd in CrdGenerator.GenerateAll())
        {
            try
            {
                await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Kept from an earlier start: bring it to this build's schema.
                var existing = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
                crd.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
                await client.ApiextensionsV1.ReplaceCustomResourceDefinitionAsync(crd, crd.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            names.Add(crd.Metadata.Name);
        }

        return names;
    }
}
