using DynamoMcp.AgentRuntime.Configuration;
using DynamoMcp.AgentRuntime.Events;
using DynamoMcp.AgentRuntime.Loop;
using DynamoMcp.AgentRuntime.Models;
using DynamoMcp.AgentRuntime.Tools;
using DynamoMcp.Api.Agents;
using Microsoft.Extensions.AI;

namespace DynamoMcp.AgentRuntime;

/// <summary>
/// The whole run: arguments, config, bridge, model, loop; events to <c>stdout</c>, diagnostics to <c>stderr</c> (never
/// the API key or the token). Returns the exit code (<see cref="AgentRuntimeContract"/>). In-process for the tests.
/// </summary>
internal static class AgentProgram
{
    /// <param name="environment">Reads an environment variable (<see cref="AgentRuntimeContract.ApiKeyEnvironmentVariable"/>).</param>
    /// <param name="cancellationToken">SIGTERM: the run stops without a result (exit 1), unless its deadline has passed.</param>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        TextWriter stdout,
        TextWriter stderr,
        Func<string, string?> environment,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var commandLine = AgentCommandLine.Parse(args, out var argumentError);
        if (commandLine is null)
        {
            await stderr.WriteLineAsync($"dynamo-agent: {argumentError}").ConfigureAwait(false);
            await stderr.WriteLineAsync(AgentCommandLine.Usage).ConfigureAwait(false);
            return AgentRuntimeContract.ExitBadConfig;
        }

        if (commandLine.Help)
        {
            await stdout.WriteLineAsync(AgentCommandLine.Usage).ConfigureAwait(false);
            return AgentRuntimeContract.ExitSucceeded;
        }

        var config = AgentConfigLoader.Load(commandLine.ConfigPath, out var configError);
        if (config is null)
        {
            await stderr.WriteLineAsync($"dynamo-agent: bad config {commandLine.ConfigPath}: {configError}").ConfigureAwait(false);
            return AgentRuntimeContract.ExitBadConfig;
        }

        var events = new TextWriterEventSink(stdout);
        var deadline = AgentConfigLoader.DeadlineUtc(config);
        await stderr.WriteLineAsync(
            $"dynamo-agent: {config.Namespace}/{config.Name}: model {config.Model} ({config.Provider}), {config.Tools.Count} tool patterns, maxTurns {config.MaxTurns}, deadline {deadline:O}")
            .ConfigureAwait(false);

        using var chat = ChatClientFactory.Create(config, environment(AgentRuntimeContract.ApiKeyEnvironmentVariable));
        IToolInvoker tools = NoToolInvoker.Instance;
        McpToolInvoker? bridge = null;
        try
        {
            if (config.Tools.Count > 0)
            {
                try
                {
                    bridge = await ConnectAsync(config, deadline, time, cancellationToken).ConfigureAwait(false);
                }
                catch (BridgeUnavailableException e)
                {
                    await stderr.WriteLineAsync($"dynamo-agent: {e.Message}").ConfigureAwait(false);
                    events.Emit(new AgentEvent { Kind = AgentEvent.ResultKind, Outcome = AgentOutcomes.BridgeUnavailable, Message = e.Message });
                    return AgentRuntimeContract.ExitFailed;
                }
                catch (OperationCanceledException) when (time.GetUtcNow() >= deadline)
                {
                    events.Emit(new AgentEvent { Kind = AgentEvent.ResultKind, Outcome = AgentOutcomes.DeadlineExceeded, Message = "ran past its deadline while connecting to the bridge" });
                    return AgentRuntimeContract.ExitFailed;
                }

                tools = bridge;
                await stderr.WriteLineAsync($"dynamo-agent: the bridge gives {bridge.Tools.Count} allowed tools: {string.Join(", ", bridge.Tools.Select(t => t.Name))}").ConfigureAwait(false);
            }

            var loop = new AgentLoop(chat, tools, config, time, events, stderr);
            var result = await loop.RunAsync(cancellationToken).ConfigureAwait(false);
            await stderr.WriteLineAsync($"dynamo-agent: {result.Outcome} after {result.Turn} turns{(result.Message is null ? "" : ": " + result.Message)}").ConfigureAwait(false);
            return result.Outcome == AgentOutcomes.Succeeded ? AgentRuntimeContract.ExitSucceeded : AgentRuntimeContract.ExitFailed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("dynamo-agent: terminated").ConfigureAwait(false);
            return AgentRuntimeContract.ExitFailed;
        }
        finally
        {
            if (bridge is not null)
            {
                await bridge.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<McpToolInvoker> ConnectAsync(AgentRunConfig config, DateTimeOffset deadline, TimeProvider time, CancellationToken cancellationToken)
    {
        var remaining = deadline - time.GetUtcNow();
        using var deadlineCts = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadlineCts.Token, cancellationToken);
        return await McpToolInvoker.ConnectAsync(config, linked.Token).ConfigureAwait(false);
    }
}
