namespace DynamoMcp.PackageDocs.Protection;

/// <summary>One API key as configuration holds it: its hash (<see cref="ApiKeyHasher.Hash"/>), its class and whose it is.</summary>
public sealed class ConfiguredApiKey
{
    public string Hash { get; set; } = "";

    public ApiKeyClass Class { get; set; } = ApiKeyClass.Keyed;

    /// <summary>Who holds the key (a person, a team, a project): for logs and support, never a secret.</summary>
    public string Owner { get; set; } = "";
}
