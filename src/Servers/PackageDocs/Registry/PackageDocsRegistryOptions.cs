namespace DynamoMcp.PackageDocs.Registry;

/// <summary>The registries to read, bound from configuration (section <see cref="Section"/>); point them at private mirrors here.</summary>
public sealed class PackageDocsRegistryOptions
{
    public const string Section = "Registries";

    public string PyPiBaseUrl { get; set; } = RegistryClientOptions.PyPiDefault;
    public string NpmBaseUrl { get; set; } = RegistryClientOptions.NpmDefault;
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    public int MaxAttempts { get; set; } = 3;
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(250);

    public RegistryClientOptions For(string baseUrl, string setting) => new()
    {
        BaseUrl = Uri.TryCreate(baseUrl, UriKind.Absolute, out var u)
            ? u
            : throw new ArgumentException($"{Section}:{setting} '{baseUrl}' is not an absolute URL; use e.g. {RegistryClientOptions.NpmDefault}."),
        Timeout = Timeout,
        MaxAttempts = MaxAttempts,
        InitialBackoff = InitialBackoff,
    };
}
