using System.Threading.Channels;
using ModelContextProtocol.Client;

namespace DynamoMcp.McpBridge.Tests.Integration;

/// <summary>Waits on what a client sees, with generous limits (they only turn a hang into a failure).</summary>
internal static class ClientWaits
{
    /// <summary>Until get_template_variables says the template is ready, i.e. the bridge's cache has caught up.</summary>
    public static async Task ReadyTemplateAsync(McpClient client, string name, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var result = await client.CallToolAsync("get_template_variables", new Dictionary<string, object?> { ["name"] = name }, cancellationToken: timeout.Token);
            if (result.IsError != true && result.StructuredContent!.Value.GetProperty("ready").GetBoolean())
            {
                return;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>Until tools/list contains (or lacks) <paramref name="name"/>, asking again every 100 ms.</summary>
    public static async Task ToolAsync(McpClient client, string name, bool present, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while ((await client.ListToolsAsync(cancellationToken: timeout.Token)).Any(t => t.Name == name) != present)
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    /// <summary>
    /// Re-lists only when the server says the list changed (the test's handler writes to <paramref name="listChanged"/>
    /// on each notifications/tools/list_changed): the tool showing up, or going, proves list_changed arrived.
    /// </summary>
    public static async Task ToolAfterListChangedAsync(McpClient client, Channel<bool> listChanged, string name, bool present, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            await listChanged.Reader.ReadAsync(timeout.Token);
            var names = (await client.ListToolsAsync(cancellationToken: timeout.Token)).Select(t => t.Name);
            if (names.Contains(name) == present)
            {
                return;
            }
        }
    }

    /// <summary>Until get_project_status shows <paramref name="phase"/> (null: until the project is unknown to the bridge).</summary>
    public static async Task ProjectPhaseAsync(McpClient client, string name, string? phase, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var status = await client.CallToolAsync("get_project_status", new Dictionary<string, object?> { ["name"] = name }, cancellationToken: timeout.Token);
            var current = status.IsError == true ? null : status.StructuredContent!.Value.GetProperty("phase").GetString();
            if (current == phase)
            {
                return;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
