using System.ComponentModel;

namespace DynamoMcp.McpBridge.Tools;

[Description("One file of a generated project.")]
public sealed record ProjectFileContent(
    [property: Description("Path inside the project.")] string Path,
    [property: Description("Size in bytes.")] long Size,
    [property: Description("utf-8 for text, base64 for binary content.")] string Encoding,
    [property: Description("The content, in the given encoding.")] string Content);
