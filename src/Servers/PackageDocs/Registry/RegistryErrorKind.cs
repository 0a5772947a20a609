namespace DynamoMcp.PackageDocs.Registry;

public enum RegistryErrorKind
{
    /// <summary>The name breaks the registry's rules; no request was made.</summary>
    InvalidName,

    /// <summary>The registry answered 404: no such package or version.</summary>
    NotFound,

    /// <summary>Timeouts, connection errors or 5xx, after every retry.</summary>
    RegistryUnavailable,

    /// <summary>The registry answered, but not with the JSON it documents.</summary>
    InvalidResponse,
}
