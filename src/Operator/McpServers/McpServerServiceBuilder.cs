using DynamoMcp.Api.V1Alpha1;
using k8s.Models;

namespace DynamoMcp.Operator.McpServers;

/// <summary>A ClusterIP Service on the MCP port, selecting the server's pods. Pure.</summary>
public static class McpServerServiceBuilder
{
    public static V1Service Build(McpServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = McpServerChildren.Metadata(server),
            Spec = new V1ServiceSpec
            {
                Type = "ClusterIP",
                Selector = McpServerChildren.SelectorLabels(server),
                Ports =
                [
                    new V1ServicePort
                    {
                        Name = McpServerChildren.PortName,
                        Protocol = "TCP",
                        Port = McpServerChildren.Port(server),
                        TargetPort = McpServerChildren.PortName,
                        AppProtocol = "http",
                    },
                ],
            },
        };
    }
}
