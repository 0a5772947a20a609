using System.ComponentModel;

namespace DynamoMcp.McpBridge.Tools;

[Description("Templates of a namespace.")]
public sealed record TemplateListResult(
    [property: Description("Namespace listed.")] string Namespace,
    [property: Description("Matching templates, by name.")] IReadOnlyList<TemplateSummary> Templates);
