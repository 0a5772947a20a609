using System.ComponentModel;
using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.McpBridge.Templates;

[Description("A template revision the template holds a snapshot of (a revision update_project can move a project to).")]
public sealed record TemplateSnapshotInfo(
    [property: Description("Commit SHA (git) or archive SHA-256; pass it (or a prefix of at least 7 characters) as update_project's ref.")] string Revision,
    [property: Description("The branch or tag the revision was resolved from, when known.")] string? Ref,
    [property: Description("When the template was inspected at this revision (UTC).")] DateTime? InspectedAt)
{
    public static TemplateSnapshotInfo From(TemplateSnapshot snapshot) => new(snapshot.Revision, snapshot.Ref, snapshot.InspectedAt);
}
