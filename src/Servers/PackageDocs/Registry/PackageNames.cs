using System.Text.RegularExpressions;
using DynamoMcp.PackageDocs.Models;

namespace DynamoMcp.PackageDocs.Registry;

/// <summary>Registry name rules, checked before any request so a typo never reaches the network.</summary>
public static partial class PackageNames
{
    /// <summary>PEP 503 normalization: runs of <c>-_.</c> become one <c>-</c>, lowercase (<c>Django_Filter</c> → <c>django-filter</c>).</summary>
    public static string NormalizePyPi(string name) => Separators().Replace(name.Trim(), "-").ToLowerInvariant();

    /// <summary>The normalized name, or a <see cref="RegistryException"/> of kind InvalidName saying what is wrong.</summary>
    public static string ValidatePyPi(string? name, string registry)
    {
        if (string.IsNullOrWhiteSpace(name) || !PyPiName().IsMatch(name.Trim()))
        {
            throw new RegistryException(
                RegistryErrorKind.InvalidName, Ecosystem.PyPi, registry,
                $"'{name}' is not a valid PyPI project name: use letters, digits and . _ - , starting and ending with a letter or digit (PEP 508), e.g. django-filter.");
        }

        return NormalizePyPi(name);
    }

    /// <summary>The name as given, or a <see cref="RegistryException"/> of kind InvalidName. Uppercase is allowed (old packages have it).</summary>
    public static string ValidateNpm(string? name, string registry)
    {
        var problem = name switch
        {
            null or "" => "it is empty",
            _ when name.Length > 214 => "it is longer than 214 characters",
            _ when name != name.Trim() => "it has leading or trailing spaces",
            _ when name.StartsWith('.') || name.StartsWith('_') => "it starts with . or _",
            _ when !NpmName().IsMatch(name) => "it has characters npm does not allow (use lowercase letters, digits, - . _ ~ and an optional @scope/ prefix)",
            _ => null,
        };
        if (problem is not null)
        {
            throw new RegistryException(
                RegistryErrorKind.InvalidName, Ecosystem.Npm, registry,
                $"'{name}' is not a valid npm package name: {problem}; e.g. vue-router or @vitejs/plugin-vue.");
        }

        return name!;
    }

    /// <summary>The path segment of a packument: a scoped name keeps its @ and encodes its slash (<c>@vitejs%2Fplugin-vue</c>).</summary>
    public static string NpmPath(string name) =>
        name.StartsWith('@') ? "@" + Uri.EscapeDataString(name[1..]) : Uri.EscapeDataString(name);

    [GeneratedRegex(@"[-_.]+", RegexOptions.CultureInvariant)]
    private static partial Regex Separators();

    [GeneratedRegex(@"^([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$", RegexOptions.CultureInvariant)]
    private static partial Regex PyPiName();

    [GeneratedRegex(@"^(?:@[A-Za-z0-9~-][A-Za-z0-9._~-]*/)?[A-Za-z0-9~-][A-Za-z0-9._~-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NpmName();
}
