namespace DynamoMcp.Api.Crds;

/// <summary>
/// Emits <c>x-kubernetes-list-type</c> (and <c>x-kubernetes-list-map-keys</c> for <c>map</c>) on a list property,
/// so the API server rejects duplicates and server-side apply merges items by key.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListTypeAttribute(string listType, params string[] mapKeys) : Attribute
{
    public string ListType { get; } = listType;

    public IReadOnlyList<string> MapKeys { get; } = mapKeys;
}
