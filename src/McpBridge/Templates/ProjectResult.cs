using System.ComponentModel;
using System.Text.Json.Serialization;
using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.McpBridge.Templates;

[Description("The state of a project generation (a Scaffold resource).")]
public sealed record ProjectResult(
    [property: Description("Name of the Scaffold; pass it to get_project_status, get_project_files and read_project_file.")] string Name,
    [property: Description("Namespace of the Scaffold.")] string Namespace,
    [property: Description("Template the project is generated from.")] string Template,
    [property: Description("Pending, Running, Succeeded or Failed.")] string Phase,
    [property: Description("True once the phase is Succeeded or Failed.")] bool Finished,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Details from the operator, e.g. why it failed.")] string? Message,
    [property: Description("Paths of the generated files (when Succeeded).")] IReadOnlyList<string> Files,
    [property: Description("What to do next.")] string Hint,
    [property: Description("Where the project was delivered, for a project with a git or s3 output (repository, branch and commit; or bucket, key, size, sha256 and a download URL).")] ProjectDelivery? Output = null)
{
    public static ProjectResult From(Scaffold s, bool waitedOut)
    {
        var name = s.Metadata.Name;
        var phase = PhaseOf(s);
        var delivery = ProjectDelivery.From(s);
        var hint = phase switch
        {
            ScaffoldPhase.Succeeded when delivery is { Kind: "Git" } =>
                $"Pushed to branch '{delivery.Branch}' of {delivery.RepositoryUrl}{(delivery.Commit is null ? "" : " at commit " + delivery.Commit)}. The files can also be read with read_project_file.",
            ScaffoldPhase.Succeeded when delivery is { Kind: "S3" } =>
                $"Uploaded to s3://{delivery.Bucket}/{delivery.Key}; download it with output.downloadUrl before it expires{(delivery.DownloadUrlExpiresAt is { } expires ? " (" + expires.ToString("u", System.Globalization.CultureInfo.InvariantCulture) + ")" : "")}. The files can also be read with read_project_file.",
            ScaffoldPhase.Succeeded => "Read files with read_project_file, or the whole archive through the scaffolds://{namespace}/{name}/archive resource.",
            ScaffoldPhase.Failed => "Generation failed; fix the cause in the message (often a variable value) and call create_project again.",
            _ when waitedOut => $"Still {phase} when the wait ended; call get_project_status with name '{name}' to follow it.",
            _ => $"Call get_project_status with name '{name}' to follow it.",
        };
        return new ProjectResult(
            name,
            s.Metadata.NamespaceProperty ?? "",
            s.Spec?.TemplateRef?.Name ?? "",
            phase.ToString(),
            IsFinished(phase),
            s.Status?.Message,
            s.Status?.Files is { } files ? [.. files.Select(f => f.Path)] : [],
            hint,
            delivery);
    }

    /// <summary>The phase the operator wrote; Pending until it wrote one.</summary>
    public static ScaffoldPhase PhaseOf(Scaffold s) => s.Status?.Phase ?? ScaffoldPhase.Pending;

    public static bool IsFinished(ScaffoldPhase phase) => phase is ScaffoldPhase.Succeeded or ScaffoldPhase.Failed;
}
