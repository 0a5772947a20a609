namespace DynamoMcp.McpBridge.DynamicTools;

/// <summary>The name of a template's own tool: <c>scaffold_&lt;template&gt;</c> (rules: <see cref="DynamicToolName"/>).</summary>
public static class ScaffoldToolName
{
    public const string Prefix = "scaffold_";

    public static string For(string templateName) => DynamicToolName.For(Prefix, templateName);
}
