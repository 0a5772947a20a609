namespace DynamoMcp.PackageDocs.Models;

/// <summary>A package as one registry describes it; <see cref="Releases"/> are ordered oldest to newest.</summary>
public sealed record PackageInfo(
    Ecosystem Ecosystem,
    string Name,
    string? Summary,
    string? Latest,
    IReadOnlyList<PackageRelease> Releases,
    PackageLinks Links)
{
    public PackageRelease? Find(string version) => Releases.FirstOrDefault(r => r.Version == version);
}
