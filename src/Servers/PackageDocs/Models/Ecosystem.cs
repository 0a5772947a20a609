namespace DynamoMcp.PackageDocs.Models;

/// <summary>The package registries PackageDocs reads.</summary>
public enum Ecosystem
{
    PyPi,
    Npm,
}
