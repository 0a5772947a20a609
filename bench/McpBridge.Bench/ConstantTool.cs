using System.ComponentModel;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Bench;

/// <summary>The baseline: an SDK tool that does no work, so its latency is the SDK + transport cost alone.</summary>
[McpServerToolType]
public sealed class ConstantTool
{
    [McpServerTool(Name = "constant", ReadOnly = true)]
    [Description("Returns a constant.")]
    public static string Constant() => "constant";
}
