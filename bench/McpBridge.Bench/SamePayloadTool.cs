using DynamoMcp.McpBridge.Tools;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Bench;

/// <summary>
/// The second baseline: an SDK tool that returns a constant, the very answer list_templates gives for a namespace,
/// precomputed. Between it and the tiny constant lies what the answer's size costs the SDK (serialization, transport,
/// client parsing); between it and the bridge lies what the bridge adds.
/// </summary>
public static class SamePayloadTool
{
    public static string NameFor(int templates) => $"same_payload_{templates}";

    public static McpServerTool Create(int templates, TemplateListResult answer) =>
        McpServerTool.Create(
            () => answer,
            new McpServerToolCreateOptions
            {
                Name = NameFor(templates),
                Description = $"Returns the {templates}-template answer of list_templates, precomputed.",
                ReadOnly = true,
                UseStructuredContent = true,
            });
}
