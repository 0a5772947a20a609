using DynamoMcp.PackageDocs.Answers;
using DynamoMcp.PackageDocs.Models;

namespace DynamoMcp.PackageDocs.Curation;

/// <summary>A curated package, its name normalized (PEP 503 for PyPI), and its resource URI.</summary>
public sealed record CuratedEntry(Ecosystem Ecosystem, string Name, string Description, int Order)
{
    public string Uri => $"{CuratedSet.ResourceScheme}://{EcosystemNames.Of(Ecosystem)}/{Name}";
}
