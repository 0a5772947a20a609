using System.Reflection;

namespace DynamoMcp.Agent.Bench;

/// <summary>
/// The runtime's whole program in this process: <c>DynamoMcp.AgentRuntime.AgentProgram.RunAsync</c>, what dynamo-agent's
/// <c>Main</c> calls (internal to dynamo-agent, so found by reflection once; the call itself is a plain delegate).
/// </summary>
internal static class InProcessAgent
{
    private static readonly Func<IReadOnlyList<string>, TextWriter, TextWriter, Func<string, string?>, TimeProvider, CancellationToken, Task<int>> Run = Bind();

    /// <summary>Runs <c>dynamo-agent --config <paramref name="configPath"/></c>; events to <paramref name="stdout"/>, diagnostics dropped.</summary>
    public static Task<int> RunAsync(string configPath, TextWriter stdout) =>
        Run(["--config", configPath], stdout, TextWriter.Null, _ => null, TimeProvider.System, CancellationToken.None);

    private static Func<IReadOnlyList<string>, TextWriter, TextWriter, Func<string, string?>, TimeProvider, CancellationToken, Task<int>> Bind()
    {
        var program = Assembly.Load("dynamo-agent").GetType("DynamoMcp.AgentRuntime.AgentProgram", throwOnError: true)!;
        var method = program.GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException("dynamo-agent has no AgentProgram.RunAsync");
        return method.CreateDelegate<Func<IReadOnlyList<string>, TextWriter, TextWriter, Func<string, string?>, TimeProvider, CancellationToken, Task<int>>>();
    }
}
