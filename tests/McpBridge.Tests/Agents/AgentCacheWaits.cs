using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Cache;
using DynamoMcp.McpBridge.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;

namespace DynamoMcp.McpBridge.Tests.Agents;

/// <summary>Waits (60 s at most, to turn a hang into a failure) until the fixture's bridge has seen what the test wrote.</summary>
internal static class AgentCacheWaits
{
    public static BridgeCaches Caches(BridgeFixture fx) => fx.Bridge.App.Services.GetRequiredService<BridgeCaches>();

    public static Task<Agent> AgentAsync(BridgeFixture fx, string ns, string name, Func<Agent, bool> until, CancellationToken ct) =>
        UntilAsync(() => Caches(fx).Agents.Get(ns, name) is { } a && until(a) ? a : null, $"Agent {ns}/{name}", ct);

    public static Task<ModelConfig> ModelConfigAsync(BridgeFixture fx, string ns, string name, CancellationToken ct) =>
        UntilAsync(() => Caches(fx).ModelConfigs.Get(ns, name), $"ModelConfig {ns}/{name}", ct);

    /// <summary>The Ready ModelConfigs, created once and seen by the bridge.</summary>
    public static async Task ModelConfigsAsync(BridgeFixture fx, string ns, IReadOnlyList<string> names, CancellationToken ct)
    {
        foreach (var name in names)
        {
            await fx.AgentOperator.EnsureModelConfigAsync(ns, name, ct);
            await ModelConfigAsync(fx, ns, name, ct);
        }
    }

    private static async Task<T> UntilAsync<T>(Func<T?> probe, string what, CancellationToken ct) where T : class
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            while (true)
            {
                if (probe() is { } found)
                {
                    return found;
                }

                await Task.Delay(50, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"The bridge's cache never showed {what} as expected.");
        }
    }
}
