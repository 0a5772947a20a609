using DynamoMcp.PackageDocs.Models;

namespace DynamoMcp.PackageDocs.Answers;

/// <summary>The ecosystems' names as tools, the REST API and configuration spell them: <c>pypi</c> and <c>npm</c>.</summary>
public static class EcosystemNames
{
    public static string Of(Ecosystem ecosystem) => ecosystem == Ecosystem.PyPi ? "pypi" : "npm";

    /// <summary>Parses <c>pypi</c> or <c>npm</c> (any case); throws <see cref="ArgumentException"/> naming both otherwise.</summary>
    public static Ecosystem Parse(string? text) =>
        TryParse(text, out var ecosystem)
            ? ecosystem
            : throw new ArgumentException($"Unknown ecosystem '{text}': use 'pypi' (Python packages on PyPI) or 'npm' (JavaScript packages on the npm registry).");

    public static bool TryParse(string? text, out Ecosystem ecosystem)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "pypi" or "python" or "pip":
                ecosystem = Ecosystem.PyPi;
                return true;
            case "npm" or "node" or "js":
                ecosystem = Ecosystem.Npm;
                return true;
            default:
                ecosystem = default;
                return false;
        }
    }
}
