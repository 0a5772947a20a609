using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DynamoMcp.LocalCluster.Tests;

/// <summary>Starts an in-memory server per test and offers the small helpers the conformance tests share.</summary>
internal static class TestCluster
{
    public static Task<LocalClusterServer> StartAsync(LocalClusterOptions? options = null) =>
        LocalClusterServer.StartAsync(options ?? new LocalClusterOptions(), ct: TestContext.Current.CancellationToken);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static V1ConfigMap ConfigMap(string name, IDictionary<string, string>? labels = null, string value = "v") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Data = new Dictionary<string, string> { ["k"] = value },
    };

    /// <summary>Runs <paramref name="call"/> and returns the HTTP status and parsed Status body of its failure.</summary>
    public static async Task<(HttpStatusCode Code, JsonElement Status)> FailureOf(Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<HttpOperationException>(call);
        return (ex.Response.StatusCode, JsonDocument.Parse(ex.Response.Content).RootElement);
    }

    public const string WidgetCrd = """
        {
          "apiVersion": "apiextensions.k8s.io/v1",
          "kind": "CustomResourceDefinition",
          "metadata": { "name": "widgets.example.com" },
          "spec": {
            "group": "example.com",
            "scope": "Namespaced",
            "names": { "kind": "Widget", "plural": "widgets", "singular": "widget", "shortNames": ["wd"], "categories": ["all"] },
            "versions": [{
              "name": "v1", "served": true, "storage": true,
              "subresources": { "status": {} },
              "schema": { "openAPIV3Schema": {
                "type": "object",
                "properties": {
                  "spec": { "type": "object", "description": "What the widget should be.", "properties": { "size": { "type": "integer", "description": "How big.", "default": 1, "minimum": 0 } } },
                  "status": { "type": "object", "x-kubernetes-preserve-unknown-fields": true }
                } } },
              "additionalPrinterColumns": [
                { "name": "Size", "type": "integer", "jsonPath": ".spec.size" },
                { "name": "Ready", "type": "string", "jsonPath": ".status.conditions[?(@.type==\"Ready\")].status" },
                { "name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp" }
              ]
            }]
          }
        }
        """;

    public static async Task CreateWidgetCrdAsync(Kubernetes client)
    {
        var crd = KubernetesJson.Deserialize<V1CustomResourceDefinition>(WidgetCrd);
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: Ct);
    }

    public static object Widget(string name, int size, string ns = "default") => new Dictionary<string, object>
    {
        ["apiVersion"] = "example.com/v1",
        ["kind"] = "Widget",
        ["metadata"] = new Dictionary<string, object> { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new Dictionary<string, object> { ["size"] = size },
    };

    public static JsonElement AsJson(object o) => o is JsonElement e ? e : JsonSerializer.SerializeToElement(o);
}
