using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>The <c>output</c> argument of create_project: where the generated project goes besides the bridge (exactly one kind).</summary>
[Description("Where the project goes: exactly one of git or s3. Omit the whole argument to keep the project in the cluster only (read it with get_project_files / read_project_file).")]
public sealed record ProjectOutputArgument(
    [property: JsonPropertyName("git"), Description("Push the project as a commit to a branch of a git repository.")] GitOutputArgument? Git = null,
    [property: JsonPropertyName("s3"), Description("Upload the project archive (tar.gz) to an S3-compatible bucket.")] S3OutputArgument? S3 = null);
