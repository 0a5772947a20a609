using System.Threading.Channels;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.McpBridge.Tests.Integration;

/// <summary>
/// The notifications/tools/list_changed a session client receives, one entry in <see cref="Received"/> each (for
/// <see cref="ClientWaits.ToolAfterListChangedAsync"/>); disposing unregisters the handler.
/// </summary>
internal sealed class ListChangedNotifications : IAsyncDisposable
{
    private readonly IAsyncDisposable _registration;

    public ListChangedNotifications(McpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _registration = client.RegisterNotificationHandler(
            NotificationMethods.ToolListChangedNotification,
            (_, _) =>
            {
                Received.Writer.TryWrite(true);
                return ValueTask.CompletedTask;
            });
    }

    public Channel<bool> Received { get; } = Channel.CreateUnbounded<bool>();

    public ValueTask DisposeAsync() => _registration.DisposeAsync();
}
