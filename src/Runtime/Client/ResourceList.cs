namespace DynamoMcp.Runtime.Client;

/// <summary>One page-complete list of objects and the resourceVersion to watch from.</summary>
public sealed record ResourceList<T>(IReadOnlyList<T> Items, string ResourceVersion);
