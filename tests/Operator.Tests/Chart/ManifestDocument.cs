using k8s;

namespace DynamoMcp.Operator.Tests.Chart;

/// <summary>One YAML document of a manifest stream, typed on demand.</summary>
public sealed record ManifestDocument(string ApiVersion, string Kind, string Name, string? Namespace, string Yaml)
{
    public T As<T>() => KubernetesYaml.Deserialize<T>(Yaml);

    public override string ToString() => $"{Kind} {Namespace}/{Name}";
}
