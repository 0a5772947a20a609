using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DynamoMcp.Runtime.Hosting;

/// <summary>/readyz: ready once every informer synced and, with leader election, once leading or standing by.</summary>
public sealed class ControllerRuntimeReadinessCheck(ControllerManager manager) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(manager.IsReady
            ? HealthCheckResult.Healthy("informers synced")
            : HealthCheckResult.Unhealthy("informers not synced yet or leader election undecided"));
}
