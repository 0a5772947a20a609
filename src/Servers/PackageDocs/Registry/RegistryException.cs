using DynamoMcp.PackageDocs.Models;

namespace DynamoMcp.PackageDocs.Registry;

/// <summary>A registry failure a person can act on: the message names the registry URL and what to do.</summary>
public sealed class RegistryException(RegistryErrorKind kind, Ecosystem ecosystem, string registry, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public RegistryErrorKind Kind { get; } = kind;
    public Ecosystem Ecosystem { get; } = ecosystem;

    /// <summary>The registry's base URL (or the request URL, when there was one).</summary>
    public string Registry { get; } = registry;
}
