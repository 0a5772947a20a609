using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamoMcp.Mcp.Discovery;
using DynamoMcp.Mcp.Gateway;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.Operator.Workflows.Runs;

/// <summary>
/// Makes the tool calls of toolCall steps off the reconcile worker, through the shared MCP client (the upstream session
/// pool, one session per server for the operator), and completes each call's record ConfigMap when it returns; the
/// record's change wakes the run. A call is started only by the reconcile that created its record, so it is made at
/// most once per attempt; <see cref="Instance"/> tells a record of this process from one a crashed process left Running.
/// </summary>
public sealed partial class WorkflowToolCalls(IKubernetes client, UpstreamToolCall calls, TimeProvider clock, ILogger<WorkflowToolCalls> logger) : IDisposable
{
    /// <summary>The caller key of the operator's upstream sessions.</summary>
    public const string CallerKey = "dynamo-mcp-operator/workflows";

    private readonly ConcurrentDictionary<string, CancellationTokenSource> inflight = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();

    /// <summary>This operator process: a record Running under another instance was in flight when that process ended.</summary>
    public string Instance { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Calls in flight now.</summary>
    public int InFlight => inflight.Count;

    /// <summary>Starts the call of <paramref name="record"/>'s attempt in the background; a second start of the same record does nothing.</summary>
    public void Start(V1ConfigMap record, UpstreamServerKey server, McpEndpoint endpoint, string tool, IReadOnlyDictionary<string, JsonElement> arguments, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = Key(record.Namespace(), record.Name());
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
        if (!inflight.TryAdd(key, cancel))
        {
            cancel.Dispose();
            return;
        }

        _ = Task.Run(() => RunAsync(record.Namespace(), record.Name(), server, endpoint, tool, arguments, timeout, cancel), CancellationToken.None);
    }

    /// <summary>Cancels a call in flight (the SDK sends notifications/cancelled upstream); false when none was.</summary>
    public bool Cancel(string @namespace, string name)
    {
        if (!inflight.TryRemove(Key(@namespace, name), out var cancel))
        {
            return false;
        }

        cancel.Cancel();
        return true;
    }

    /// <summary>Writes a record's outcome without a call (the server was not Ready, the arguments were unusable).</summary>
    public Task CompleteAsync(string @namespace, string name, bool succeeded, string? outputsJson, string message, CancellationToken cancellationToken)
    {
        var data = new JsonObject
        {
            [ToolCallRecord.StateKey] = succeeded ? ToolCallRecord.Succeeded : ToolCallRecord.Failed,
            [ToolCallRecord.MessageKey] = message,
            [ToolCallRecord.FinishedKey] = clock.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        };
        if (outputsJson is not null)
        {
            data[ToolCallRecord.OutputsKey] = outputsJson;
        }

        var patch = new V1Patch(new JsonObject { ["data"] = data }.ToJsonString(), V1Patch.PatchType.MergePatch);
        return client.CoreV1.PatchNamespacedConfigMapAsync(patch, name, @namespace, cancellationToken: cancellationToken);
    }

    public void Dispose()
    {
        // Calls in flight stay Running in their records: the next operator process counts them as failed attempts.
        stopping.Cancel();
        stopping.Dispose();
    }

    private async Task RunAsync(
        string ns, string name, UpstreamServerKey server, McpEndpoint endpoint, string tool, IReadOnlyDictionary<string, JsonElement> arguments, TimeSpan timeout,
        CancellationTokenSource cancel)
    {
        try
        {
            LogCalling(logger, tool, server.DisplayName, ns, name);
            var result = await calls.CallAsync(new UpstreamSessionKey(CallerKey, server), endpoint, tool, arguments, progress: null, timeout, cancel.Token).ConfigureAwait(false);
            var (succeeded, outputs, message) = StepOutputs.OfToolResult(result);
            var outputsJson = succeeded ? StepOutputs.Serialize(outputs) : null;
            var text = succeeded ? "" : $"{tool} on {server.DisplayName}: {message}";
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await CompleteAsync(ns, name, succeeded, outputsJson, text, stopping.Token).ConfigureAwait(false);
                    break;
                }
                catch (Exception e) when (attempt < 5 && e is HttpOperationException { Response.StatusCode: not System.Net.HttpStatusCode.NotFound } or HttpRequestException or IOException)
                {
                    await Task.Delay(TimeSpan.FromSeconds(attempt), clock, stopping.Token).ConfigureAwait(false);
                }
            }

            LogCalled(logger, tool, server.DisplayName, ns, name, succeeded);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Stopped by the run (timeout, cancel, deadline: the run's ledger says which) or by shutdown.
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // The record went with its run.
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException)
        {
            LogRecordFailed(logger, e, ns, name);
        }
        finally
        {
            inflight.TryRemove(new KeyValuePair<string, CancellationTokenSource>(Key(ns, name), cancel));
            cancel.Dispose();
        }
    }

    private static string Key(string ns, string name) => ns + "/" + name;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Calling {Tool} on {Server} for {Namespace}/{Record}")]
    private static partial void LogCalling(ILogger logger, string tool, string server, string @namespace, string record);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tool call {Tool} on {Server} for {Namespace}/{Record} finished, succeeded: {Succeeded}")]
    private static partial void LogCalled(ILogger logger, string tool, string server, string @namespace, string record, bool succeeded);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the outcome of tool call {Namespace}/{Record}; it stays Running and counts as failed after a restart")]
    private static partial void LogRecordFailed(ILogger logger, Exception error, string @namespace, string record);
}
