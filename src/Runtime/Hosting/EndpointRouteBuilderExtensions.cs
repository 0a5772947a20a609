using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;

namespace DynamoMcp.Runtime.Hosting;

public static class EndpointRouteBuilderExtensions
{
    /// <summary>Maps /healthz (process alive), /readyz (informers synced, leader election decided) and /metrics (Prometheus).</summary>
    public static IEndpointRouteBuilder MapControllerRuntimeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
        return endpoints;
    }
}
