using k8s.Models;

namespace DynamoMcp.Operator.Tests.Chart;

/// <summary>The fields every Kubernetes object has: enough to route a YAML document to its type.</summary>
public sealed class ManifestHeader
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public V1ObjectMeta? Metadata { get; set; }
}
