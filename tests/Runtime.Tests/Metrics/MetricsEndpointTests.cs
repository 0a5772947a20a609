using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Hosting;
using DynamoMcp.Runtime.Metrics;
using DynamoMcp.Runtime.Queue;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DynamoMcp.Runtime.Tests.Metrics;

/// <summary>The exported names must be exactly controller-runtime's, whatever suffixes the exporter adds.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_endpoint_exposes_controller_runtime_names_with_live_values()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();

        // No controllers are registered, so nothing talks to this address.
        builder.Services.AddSingleton<IKubernetes>(new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:9" }));
        builder.Services.AddControllerRuntime();
        await using var app = builder.Build();
        app.MapControllerRuntimeEndpoints();
        await app.StartAsync(ct);
        var client = app.GetTestClient();

        var metrics = app.Services.GetRequiredService<ControllerRuntimeMetrics>();
        metrics.RegisterController("unit-sample");
        metrics.Reconciled("unit-sample", "success", TimeSpan.FromMilliseconds(30));
        metrics.ReconcileFailed("unit-sample");
        metrics.Reconciled("unit-sample", "error", TimeSpan.FromMilliseconds(2));
        metrics.LeaderStatus("unit-lease", true);
        using (var queue = new WorkQueue<ObjectKey>(new WorkQueueOptions { Name = "unit-sample", BackoffBase = TimeSpan.FromHours(1), BackoffCap = TimeSpan.FromHours(2) }, metrics: metrics))
        {
            queue.Add(new ObjectKey("default", "a"));
            queue.Add(new ObjectKey("default", "b"));
            var (key, _) = await queue.GetAsync(ct);
            queue.Done(key);
            // Counted as a retry now; its delayed add (an hour away) must not reach the scrape below.
            queue.AddRateLimited(key);
        }

        var text = await client.GetStringAsync("/metrics", ct);

        double? Sample(string name, params (string, string)[] labels) => PrometheusText.Sample(text, name, labels);
        var c = ("controller", "unit-sample");
        var n = ("name", "unit-sample");
        Sample("controller_runtime_reconcile_total", c, ("result", "success")).Should().Be(1);
        Sample("controller_runtime_reconcile_total", c, ("result", "error")).Should().Be(1);
        Sample("controller_runtime_reconcile_total", c, ("result", "requeue")).Should().Be(0);
        Sample("controller_runtime_reconcile_total", c, ("result", "requeue_after")).Should().Be(0);
        Sample("controller_runtime_reconcile_errors_total", c).Should().Be(1);
        Sample("controller_runtime_reconcile_time_seconds_bucket", c, ("le", "0.005")).Should().Be(1);
        Sample("controller_runtime_reconcile_time_seconds_bucket", c, ("le", "0.05")).Should().Be(2);
        Sample("controller_runtime_reconcile_time_seconds_bucket", c, ("le", "60")).Should().Be(2);
        Sample("controller_runtime_reconcile_time_seconds_count", c).Should().Be(2);
        Sample("workqueue_adds_total", n).Should().Be(2);
        Sample("workqueue_retries_total", n).Should().Be(1);
        Sample("workqueue_depth", n).Should().Be(1);
        Sample("workqueue_queue_duration_seconds_count", n).Should().Be(1);
        Sample("workqueue_work_duration_seconds_count", n).Should().Be(1);
        Sample("leader_election_master_status", ("name", "unit-lease")).Should().Be(1);
        text.Should().NotContain("_total_total").And.NotContain("_seconds_seconds");

        (await client.GetAsync("/healthz", ct)).IsSuccessStatusCode.Should().BeTrue();
        await app.StopAsync(ct);
    }
}
