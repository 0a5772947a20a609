namespace DynamoMcp.PackageDocs.Models;

/// <summary>
/// One dependency as the registry states it. <see cref="Specifier"/> is the registry's own text: for PyPI the whole
/// PEP 508 requirement (<c>argon2-cffi&gt;=19.1.0; extra == "argon2"</c>), for npm the semver range.
/// </summary>
public sealed record PackageDependency(string Name, string Specifier, DependencyKind Kind);
