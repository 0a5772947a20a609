using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.McpBridge.Agents;

[Description("A child agent and the tokens its parent reserved for it.")]
public sealed record AgentChildInfo(
    [property: Description("Name of the child Agent.")] string Name,
    [property: Description("Its phase when last seen.")] string Phase,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Tokens reserved for it; null: the parent has no limit (or has not reserved yet).")] long? ReservedTokens,
    [property: Description("What its subtree spent so far (final once it finished).")] long UsedTokens);
