using System.ComponentModel;
using System.Text.Json.Serialization;
using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.McpBridge.Templates;

[Description("An update of a project: the Scaffold that rendered the new revision and the patch from the project to it.")]
public sealed record ProjectUpdateResult(
    [property: Description("Name of the update's Scaffold; pass it to get_project_status, get_project_files and read_project_file.")] string Name,
    [property: Description("Namespace of the Scaffold.")] string Namespace,
    [property: Description("Template of the project.")] string Template,
    [property: Description("The project (earlier Scaffold) this update starts from.")] string From,
    [property: Description("Pending, Running or Succeeded (a failure is a tool error).")] string Phase,
    [property: Description("True once the update's Scaffold finished.")] bool Finished,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Details from the operator.")] string? Message,
    [property: Description("Template revision the project was generated from.")] string? FromRevision,
    [property: Description("Template revision the update rendered.")] string? ToRevision,
    [property: Description("The patch (git unified diff) from the project to the updated one; empty when nothing changed; cut at a line when patchTruncated.")] string? Patch,
    [property: Description("Size of the whole patch in bytes.")] long? PatchSize,
    [property: Description("Lower-case hex SHA-256 of the whole patch (verified by the bridge).")] string? PatchSha256,
    [property: Description("True when the patch was longer than the bridge returns in one result: only its first lines are in patch; the hint says how to get it whole.")] bool PatchTruncated,
    [property: Description("Files the patch adds, modifies or deletes.")] int? FilesChanged,
    [property: Description("Lines the patch adds.")] int? LinesAdded,
    [property: Description("Lines the patch removes.")] int? LinesRemoved,
    [property: Description("The changed files: path, change (added, modified, deleted), binary, lines added and removed.")] IReadOnlyList<ScaffoldFileChange> Files,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("How to apply the patch in your copy of the project.")] string? Apply,
    [property: Description("What to do next.")] string Hint);
