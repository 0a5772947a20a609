using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DynamoMcp.E2E.Tests;

/// <summary>
/// What only a real API server can check: the generated CRDs are accepted (structural, CEL
/// compiles within cost limits), become Established, and every sample is admitted.
/// </summary>
public sealed class CrdInstallTests(K3sFixture cluster) : IClassFixture<K3sFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Generated_crds_are_established_and_every_sample_is_admitted()
    {
        Assert.SkipWhen(cluster.SkipReason is not null, cluster.SkipReason ?? "");
        var crds = await InstallCrdsAsync();

        foreach (var file in RepositoryFiles.Yaml("config/samples"))
        {
            foreach (var sample in YamlDocuments(file))
            {
                var (group, version) = SplitApiVersion(sample["apiVersion"]!.GetValue<string>());
                var plural = crds[sample["kind"]!.GetValue<string>()].Spec.Names.Plural;
                var ns = sample["metadata"]?["namespace"]?.GetValue<string>() ?? "default";
                await EnsureNamespaceAsync(ns);

                var created = await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonElement>(
                    sample, group, version, ns, plural, cancellationToken: Ct);

                created.GetProperty("metadata").GetProperty("uid").GetString().Should().NotBeNullOrEmpty($"{file} is admitted");
            }
        }
    }

    [Fact]
    public async Task A_workflow_step_with_two_actions_is_refused_by_its_cel_rule()
    {
        Assert.SkipWhen(cluster.SkipReason is not null, cluster.SkipReason ?? "");
        await InstallCrdsAsync();
        var workflow = JsonNode.Parse("""
            {"apiVersion":"dynamo-mcp.io/v1alpha1","kind":"Workflow","metadata":{"name":"two-actions"},
             "spec":{"steps":[{"name":"a","container":{"image":"busybox"},"toolCall":{"server":"s","tool":"t"}}]}}
            """)!;

        var act = () => cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonElement>(
            workflow, "dynamo-mcp.io", "v1alpha1", "default", "workflows", cancellationToken: Ct);

        var error = await act.Should().ThrowAsync<HttpOperationException>();
        error.Which.Response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    private async Task<Dictionary<string, V1CustomResourceDefinition>> InstallCrdsAsync()
    {
        var byKind = new Dictionary<string, V1CustomResourceDefinition>();
        foreach (var file in RepositoryFiles.Yaml("config/crd"))
        {
            var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(file, Ct));
            try
            {
                await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: Ct);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Installed by the other test of this class.
            }

            await WaitEstablishedAsync(crd.Metadata.Name);
            byKind[crd.Spec.Names.Kind] = crd;
        }

        byKind.Should().HaveCount(5);
        return byKind;
    }

    private async Task WaitEstablishedAsync(string name)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            var crd = await cluster.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(name, cancellationToken: Ct);
            if (crd.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true)
            {
                return;
            }

            await Task.Delay(500, Ct);
        }

        Assert.Fail($"CRD {name} did not become Established.");
    }

    private async Task EnsureNamespaceAsync(string name)
    {
        try
        {
            await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: Ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
        }
    }

    private static IEnumerable<JsonObject> YamlDocuments(string file)
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(File.ReadAllText(file)));
        return stream.Documents.Select(d => YamlJson.ToJson(d.RootNode)).OfType<JsonObject>();
    }

    private static (string Group, string Version) SplitApiVersion(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return (apiVersion[..slash], apiVersion[(slash + 1)..]);
    }
}
