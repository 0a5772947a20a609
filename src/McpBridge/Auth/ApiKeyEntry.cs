using System.Text.Json.Serialization;

namespace DynamoMcp.McpBridge.Auth;

/// <summary>
/// One entry of the API key Secret: the Secret data key is the identity name; the value is this JSON.
/// Only the SHA-256 of the key is stored, so reading the Secret does not reveal any key.
/// </summary>
public sealed class ApiKeyEntry
{
    /// <summary>Lower-case hex SHA-256 of the UTF-8 bytes of the API key.</summary>
    [JsonPropertyName("sha256")]
    public string Sha256 { get; set; } = "";

    /// <summary>The namespace the identity works in.</summary>
    [JsonPropertyName("namespace")]
    public string Namespace { get; set; } = "";

    /// <summary>The Kubernetes user to impersonate; defaults to the identity name.</summary>
    [JsonPropertyName("user")]
    public string? User { get; set; }

    /// <summary>Kubernetes groups to impersonate.</summary>
    [JsonPropertyName("groups")]
    public List<string> Groups { get; set; } = [];
}
