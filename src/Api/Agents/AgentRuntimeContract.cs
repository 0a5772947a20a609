namespace DynamoMcp.Api.Agents;

/// <summary>The contract between the operator and src/AgentRuntime: where the runtime finds its input, how it reports.</summary>
public static class AgentRuntimeContract
{
    /// <summary>The ConfigMap key (and file name) of the <see cref="AgentRunConfig"/>.</summary>
    public const string ConfigKey = "config.json";

    /// <summary>Where the runtime reads its <see cref="AgentRunConfig"/>.</summary>
    public const string ConfigPath = "/etc/dynamo-agent/" + ConfigKey;

    /// <summary>The environment variable holding the model's API key (absent for endpoints without keys).</summary>
    public const string ApiKeyEnvironmentVariable = "MODEL_API_KEY";

    /// <summary>Where the bridge credential (a projected service-account token) is mounted.</summary>
    public const string TokenPath = "/var/run/secrets/dynamo-mcp/bridge/token";

    /// <summary>
    /// The audience of the bridge credential: the bridge accepts service-account tokens only for it. Not the bridge's
    /// OIDC audience (people's JWTs): an agent token is told apart by this audience and its kubernetes.io claim.
    /// </summary>
    public const string TokenAudience = "dynamo-mcp-agents";

    /// <summary>
    /// The prefix of every event line the runtime writes to stdout: the prefix, then one JSON object
    /// (<see cref="AgentEvent"/>) on the same line. Anything else on stdout or stderr is diagnostics.
    /// </summary>
    public const string EventPrefix = "dynamo-agent-event ";

    /// <summary>Exit code of a run that reached its goal; every other ending exits <see cref="ExitFailed"/>.</summary>
    public const int ExitSucceeded = 0;

    public const int ExitFailed = 1;

    /// <summary>Exit code when the config cannot be read or is invalid (the operator's fault or a tampered volume).</summary>
    public const int ExitBadConfig = 2;
}
