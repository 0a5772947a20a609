using DynamoMcp.Api;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;
using k8s.Models;

namespace DynamoMcp.Operator.McpServers;

/// <summary>Names, labels and defaults shared by an McpServer's children. Pure.</summary>
public static class McpServerChildren
{
    /// <summary>Port name of the MCP endpoint on the container and the Service.</summary>
    public const string PortName = "mcp";

    public const int DefaultPort = 8080;

    public const string DefaultPath = "/mcp";

    public const string DefaultSsePath = "/sse";

    /// <summary>Default per-call timeout (cold npx/uvx).</summary>
    public const int DefaultTimeoutSeconds = 300;

    /// <summary>Default start-up allowance.</summary>
    public const int DefaultStartupTimeoutSeconds = 300;

    /// <summary>The one name of the Deployment, Service, ServiceAccount and NetworkPolicy: <c>&lt;name&gt;-mcp</c>, within 63 characters.</summary>
    public static string Name(McpServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return ChildNames.WithSuffix(server.Metadata.Name, "mcp");
    }

    /// <summary>The labels that select the server's pods (immutable: a Deployment's selector cannot change).</summary>
    public static Dictionary<string, string> SelectorLabels(McpServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [WellKnown.Labels.Name] = "mcp-server",
            [WellKnown.Labels.ForKind(McpServer.KubeKind)] = server.Metadata.Name,
        };
    }

    /// <summary>Labels of every child: managed-by, owner, name.</summary>
    public static Dictionary<string, string> Labels(McpServer server) =>
        new(SelectorLabels(server).Concat(WellKnown.Labels.ForChildOf(McpServer.KubeKind, server.Metadata.Name))
            .GroupBy(p => p.Key, StringComparer.Ordinal).Select(g => g.First()), StringComparer.Ordinal);

    /// <summary>The container (and Service) port.</summary>
    public static int Port(McpServer server) => server.Spec.Port ?? DefaultPort;

    /// <summary>The HTTP path of the MCP endpoint: the spec's, else /sse for sse and /mcp otherwise.</summary>
    public static string Path(McpServer server) =>
        server.Spec.Path is { Length: > 0 } path ? path : server.Spec.Transport == McpTransport.Sse ? DefaultSsePath : DefaultPath;

    /// <summary>The in-cluster URL of the server's Service (or the remote URL).</summary>
    public static Uri Url(McpServer server, string clusterDomain = "cluster.local")
    {
        ArgumentNullException.ThrowIfNull(server);
        return server.Spec.Remote is { } remote
            ? new Uri(remote.Url)
            : new Uri($"http://{Name(server)}.{server.Metadata.NamespaceProperty}.svc.{clusterDomain}:{Port(server)}{Path(server)}");
    }

    /// <summary>The owner reference children carry.</summary>
    public static V1OwnerReference Owner(McpServer server) => SandboxJobBuilder.OwnerReference(server.ApiVersion, McpServer.KubeKind, server.Metadata);

    /// <summary>Metadata of a child.</summary>
    public static V1ObjectMeta Metadata(McpServer server) => new()
    {
        Name = Name(server),
        NamespaceProperty = server.Metadata.NamespaceProperty,
        Labels = Labels(server),
        OwnerReferences = [Owner(server)],
    };
}
