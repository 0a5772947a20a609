using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>
/// Sends progress notifications for the request's progress token and awaits each send, so the last notification is
/// on the wire before the tool's result (the SDK's injected IProgress sends fire-and-forget and can lose it). The
/// protocol wants the progress value to increase with each notification: a step that does not (the same phase seen
/// again, or a message without new progress) is not sent.
/// </summary>
public sealed class ProgressSink
{
    private static readonly ProgressSink None = new(null, null);

    private readonly McpServer? _server;
    private readonly ProgressToken? _token;
    private readonly Lock _gate = new();
    private double? _sent;

    private ProgressSink(McpServer? server, ProgressToken? token)
    {
        _server = server;
        _token = token;
    }

    public static ProgressSink For(RequestContext<CallToolRequestParams> context) =>
        context.Params?.ProgressToken is { } token ? new ProgressSink(context.Server, token) : None;

    public async Task ReportAsync(ProgressNotificationValue value, CancellationToken cancellationToken)
    {
        if (_server is null || _token is not { } token)
        {
            return;
        }

        lock (_gate)
        {
            if (_sent is { } last && value.Progress <= last)
            {
                return;
            }

            _sent = value.Progress;
        }

        try
        {
            await _server.NotifyProgressAsync(token, value, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // A client that went away does not fail the tool; the resource keeps its state for get_project_status.
        }
    }
}
