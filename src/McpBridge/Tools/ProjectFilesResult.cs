using System.ComponentModel;
using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.McpBridge.Tools;

[Description("The files of a generated project.")]
public sealed record ProjectFilesResult(
    [property: Description("Project name.")] string Name,
    [property: Description("Namespace of the project.")] string Namespace,
    [property: Description("Regular files, by path, with their sizes in bytes.")] IReadOnlyList<ScaffoldFile> Files);
