using System.Text.Json.Nodes;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.Workflows;

namespace DynamoMcp.McpBridge.Workflows;

/// <summary>
/// Inputs of a run_workflow / workflow_* call checked with the API's validator (the one the operator runs before a run
/// starts), turned into one tool error that lists every problem and says what to do.
/// </summary>
public static class WorkflowInputsCheck
{
    /// <summary>Null when the inputs fit the workflow; otherwise the message of the tool error.</summary>
    public static string? ErrorMessage(WorkflowView workflow, JsonObject inputs)
    {
        var problems = WorkflowInputsValidator.Validate(FreeForm.FromJsonObject(workflow.InputSchema), FreeForm.FromJsonObject(inputs));
        return problems.Count == 0
            ? null
            : $"The inputs do not fit workflow '{workflow.Name}'; nothing was created. Problems:\n- {string.Join("\n- ", problems)}\nCall list_workflows for its inputs, their types and allowed values.";
    }
}
