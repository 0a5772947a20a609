using System.Text.Json.Serialization;
using System.ComponentModel;

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
    [property: Description("What to do next.")] string Hint)
{
    public static ProjectResult From(ScaffoldView s, bool waitedOut)
    {
        var hint = s.Phase switch
        {
            "Succeeded" => "Read files with read_project_file, or the whole archive through the scaffolds://{namespace}/{name}/archive resource.",
            "Failed" => "Generation failed; fix the cause in the message (often a variable value) and call create_project again.",
            _ when waitedOut => $"Still {s.Phase} when the wait ended; call get_project_status with name '{s.Name}' to follow it.",
            _ => $"Call get_project_status with name '{s.Name}' to follow it.",
        };
        return new ProjectResult(s.Name, s.Namespace, s.TemplateName, s.Phase, s.IsFinished, s.Message, s.Files, hint);
    }
}
