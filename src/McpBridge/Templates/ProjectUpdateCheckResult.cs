using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.McpBridge.Templates;

[Description("Whether the template of a project moved on since the project was generated.")]
public sealed record ProjectUpdateCheckResult(
    [property: Description("The project (Scaffold) checked.")] string Project,
    [property: Description("Namespace of the project.")] string Namespace,
    [property: Description("Template the project was generated from.")] string Template,
    [property: Description("Template revision the project was generated from.")] string ProjectRevision,
    [property: Description("The template's current revision (what a new project or an update without ref gets).")] string TemplateRevision,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("The branch or tag the current revision was resolved from, when known.")] string? TemplateRef,
    [property: Description("True when the project was generated from the template's current revision.")] bool UpToDate,
    [property: Description("Revisions the template holds that are newer than the project's, newest first.")] IReadOnlyList<TemplateSnapshotInfo> Newer,
    [property: Description("What to do next.")] string Hint);
