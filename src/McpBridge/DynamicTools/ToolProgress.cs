using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.DynamicTools;

/// <summary>Sends progress notifications for a request's progress token; a failed send never fails the tool.</summary>
internal sealed class ToolProgress(McpServer server, ProgressToken token) : IProgress<ProgressNotificationValue>
{
    public void Report(ProgressNotificationValue value) =>
        _ = server.NotifyProgressAsync(token, value).ContinueWith(
            static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
}
