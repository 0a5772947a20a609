using System.ComponentModel;
using DynamoMcp.McpBridge.Tools;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Bench;

/// <summary>
/// A second baseline: an SDK tool returning, precomputed, the very payload list_templates returns. The gap between
/// it and the constant tool is what the payload costs the SDK (serialization, transport, client parsing);
/// the gap between it and the bridge is what the bridge adds.
/// </summary>
[McpServerToolType]
public sealed class SamePayloadTool(TemplateListResult payload)
{
    [McpServerTool(Name = "same_payload", ReadOnly = true, UseStructuredContent = true)]
    [Description("Returns the payload of list_templates, precomputed.")]
    public TemplateListResult SamePayload() => payload;
}
