namespace DynamoMcp.Mcp.Gateway;

/// <summary>
/// Which upstream a session belongs to: the McpServer (namespace/name), its uid and its <c>status.url</c>. A server
/// deleted and created again (new uid) or moved (new URL) is another key, so no session outlives what it talked to.
/// </summary>
/// <param name="Namespace">The McpServer's namespace.</param>
/// <param name="Name">The McpServer's name.</param>
/// <param name="Uid">The McpServer's metadata.uid.</param>
/// <param name="Url">The McpServer's status.url.</param>
public sealed record UpstreamServerKey(string Namespace, string Name, string Uid, Uri Url)
{
    /// <summary><c>namespace/name</c>, as messages and logs name the server.</summary>
    public string DisplayName => $"{Namespace}/{Name}";

    /// <inheritdoc />
    public override string ToString() => DisplayName;
}
