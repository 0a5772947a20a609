using DynamoMcp.PackageDocs.Models;

namespace DynamoMcp.PackageDocs.Registry;

/// <summary>Reads one registry. Every method validates the name first and throws <see cref="RegistryException"/>.</summary>
public interface IPackageRegistryClient
{
    Ecosystem Ecosystem { get; }

    /// <summary>The package with every release, oldest first.</summary>
    Task<PackageInfo> GetPackageAsync(string name, CancellationToken cancellationToken);

    /// <summary>One release with its dependencies and interpreter requirements filled in.</summary>
    Task<PackageRelease> GetReleaseAsync(string name, string version, CancellationToken cancellationToken);
}
