using System.ComponentModel;

namespace DynamoMcp.McpBridge.Agents;

[Description("What terminate_agent did.")]
public sealed record AgentTerminateResult(
    [property: Description("Name of the Agent.")] string Name,
    [property: Description("Namespace of the agent.")] string Namespace,
    [property: Description("Its phase when the call answered.")] string Phase,
    [property: Description("True when the agent has spec.terminate set (now or earlier).")] bool TerminateRequested,
    [property: Description("True when the agent had already ended: nothing was changed.")] bool AlreadyFinished,
    [property: Description("What happens next.")] string Hint);
