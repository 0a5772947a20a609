using DynamoMcp.PackageDocs.Models;

namespace DynamoMcp.PackageDocs.Answers;

/// <summary>
/// A package named in a path: <c>pypi/django</c>, <c>npm/vue</c>, <c>npm/@vitejs/plugin-vue</c> (a scoped npm name is two
/// segments; <c>@vitejs%2Fplugin-vue</c> works too), optionally followed by one more segment (the REST API's view).
/// </summary>
public sealed record PackageAddress(Ecosystem Ecosystem, string Name, string? View)
{
    /// <summary>Parses <paramref name="ecosystem"/> and the rest of the path; throws <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static PackageAddress Parse(string ecosystem, string? rest)
    {
        var eco = EcosystemNames.Parse(ecosystem);
        var segments = Uri.UnescapeDataString(rest ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var nameLength = eco == Ecosystem.Npm && segments.Length > 0 && segments[0].StartsWith('@') ? 2 : 1;
        if (segments.Length < nameLength || segments.Length > nameLength + 1)
        {
            throw new ArgumentException(
                $"Expected {EcosystemNames.Of(eco)}/<name>[/<view>] (a scoped npm name as @scope/name), got '{EcosystemNames.Of(eco)}/{rest}'.");
        }

        return new PackageAddress(eco, string.Join('/', segments.Take(nameLength)), segments.Length > nameLength ? segments[^1] : null);
    }
}
