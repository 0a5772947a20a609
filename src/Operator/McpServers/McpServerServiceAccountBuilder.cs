using DynamoMcp.Api.V1Alpha1;
using k8s.Models;

namespace DynamoMcp.Operator.McpServers;

/// <summary>The server's own ServiceAccount: no API token is mounted (a server never needs the Kubernetes API). Pure.</summary>
public static class McpServerServiceAccountBuilder
{
    public static V1ServiceAccount Build(McpServer server) => new()
    {
        ApiVersion = "v1",
        Kind = "ServiceAccount",
        Metadata = McpServerChildren.Metadata(server),
        AutomountServiceAccountToken = false,
    };
}
