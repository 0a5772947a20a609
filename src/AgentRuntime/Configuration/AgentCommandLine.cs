using DynamoMcp.Api.Agents;

namespace DynamoMcp.AgentRuntime.Configuration;

/// <summary>The runtime's arguments: <c>--config PATH</c> (default <see cref="AgentRuntimeContract.ConfigPath"/>) and <c>--help</c>.</summary>
internal sealed record AgentCommandLine
{
    public const string Usage = """
        Usage: dynamo-agent [--config PATH]

        Runs one agent: reads its AgentRunConfig (JSON) from PATH (default /etc/dynamo-agent/config.json), connects to
        the bridge for its tools, calls the model until it answers or a budget runs out, and writes one event line per
        turn and a final result line to stdout ("dynamo-agent-event " + JSON).

        Environment: MODEL_API_KEY  the model endpoint's API key (optional).
        Exit codes: 0 succeeded, 1 any other outcome, 2 bad arguments or config.
        """;

    public string ConfigPath { get; init; } = AgentRuntimeContract.ConfigPath;

    public bool Help { get; init; }

    /// <summary>The parsed arguments, or null with <paramref name="error"/> set.</summary>
    public static AgentCommandLine? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var result = new AgentCommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h":
                    return result with { Help = true };
                case "--config":
                    if (i + 1 >= args.Count || string.IsNullOrWhiteSpace(args[i + 1]))
                    {
                        error = "--config needs a path";
                        return null;
                    }

                    result = result with { ConfigPath = args[++i] };
                    break;
                default:
                    if (args[i].StartsWith("--config=", StringComparison.Ordinal))
                    {
                        result = result with { ConfigPath = args[i]["--config=".Length..] };
                        break;
                    }

                    error = $"unknown argument `{args[i]}`";
                    return null;
            }
        }

        return result;
    }
}
