using System.ComponentModel;

namespace DynamoMcp.McpBridge.Agents;

[Description("One turn of an agent, summarised.")]
public sealed record AgentTranscriptInfo(
    [property: Description("The turn, from 1.")] int Turn,
    [property: Description("assistant (the model's text), tool (a tool call and how it ended) or error.")] string Kind,
    [property: Description("At most 300 characters of it.")] string Summary);
