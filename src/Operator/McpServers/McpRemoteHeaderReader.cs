using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Headers;
using k8s;

namespace DynamoMcp.Operator.McpServers;

/// <summary>
/// Reads the headers of a remote McpServer's <c>spec.remote.headersFrom</c>. No cluster-wide Secret access: the
/// namespace grants the one Secret (a Role with resourceNames), as it does to the bridge; without the grant the caller
/// goes on without the headers and says why. Used by discovery and by workflow tool-call steps.
/// </summary>
public sealed class McpRemoteHeaderReader(IKubernetes client)
{
    /// <summary>The headers, or none and why they could not be read (a sentence fragment for a status message).</summary>
    public async Task<(IReadOnlyDictionary<string, string> Headers, string? Problem)> ReadAsync(McpServer server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var none = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (server.Spec.Remote is not { } remote || remote.HeadersFrom?.Name is not { Length: > 0 } name)
        {
            return (none, null);
        }

        var ns = server.Metadata.NamespaceProperty;
        try
        {
            var secret = await client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (McpServerHeaders.Parse(secret, $"{ns}/{server.Metadata.Name}", new Uri(remote.Url).Host), null);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return (none, $"spec.remote.headersFrom names Secret {name}, which does not exist");
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode is System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.Unauthorized)
        {
            return (none, $"spec.remote.headersFrom names Secret {name}, which the operator may not read: {McpServerHeaders.GrantHint(name, ns, "the operator's service account")}");
        }
        catch (McpServerHeadersException e)
        {
            return (none, e.Message.TrimEnd('.'));
        }
    }
}
