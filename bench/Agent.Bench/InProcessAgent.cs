namespace DynamoMcp.Agent.Bench;

/// <summary>The runtime's whole program in this process: <see cref="AgentRuntime.AgentProgram.RunAsync"/>, what dynamo-agent's <c>Main</c> calls.</summary>
internal static class InProcessAgent
{
    /// <summary>Runs <c>dynamo-agent --config <paramref name="configPath"/></c>; events to <paramref name="stdout"/>, diagnostics dropped.</summary>
    public static Task<int> RunAsync(string configPath, TextWriter stdout) =>
        AgentRuntime.AgentProgram.RunAsync(["--config", configPath], stdout, TextWriter.Null, _ => null, TimeProvider.System, CancellationToken.None);
}
