using k8s.Models;

namespace DynamoMcp.Api.Crds;

/// <summary>What a CRD needs beyond the schema of its C# type: names, printer columns, subresources.</summary>
public sealed record CrdKindInfo(
    Type EntityType,
    string Kind,
    string Plural,
    IReadOnlyList<string> ShortNames,
    string Description,
    IReadOnlyList<V1CustomResourceColumnDefinition> PrinterColumns,
    V1CustomResourceSubresourceScale? Scale = null)
{
    public string Singular => Kind.ToLowerInvariant();

    public string CrdName => $"{Plural}.{WellKnown.Group}";
}
