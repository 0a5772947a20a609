using DynamoMcp.LocalCluster;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Controllers;
using DynamoMcp.Runtime.Tests.Integration;
using DynamoMcp.Runtime.Tests.Metrics;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DynamoMcp.Runtime.Tests.Reconcile;

/// <summary>
/// How the controller handles <see cref="ReconcileResult.Transient"/>: with a retry time the key comes back at that
/// time, not after the per-key backoff; without one, after the backoff. Both count as reconcile errors. The host runs
/// on a fake clock, so "not yet" is checked right after advancing it (its timers fire inside Advance), never by sleeping.
/// </summary>
public sealed class TransientRetryIntegrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static V1ConfigMap ConfigMap(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Data = new Dictionary<string, string> { ["value"] = "x" },
    };

    private static async Task<double?> SampleAsync(RuntimeHost host, string name, params (string, string)[] labels)
    {
        var text = await host.Http.GetStringAsync("/metrics", Ct);
        return PrometheusText.Sample(text, name, labels);
    }

    [Fact]
    public async Task A_transient_result_with_a_retry_time_is_retried_at_that_time_not_after_the_backoff_and_counts_as_an_error()
    {
        await using var cluster = await LocalClusterServer.StartAsync(new LocalClusterOptions(), NullLoggerFactory.Instance, Ct);
        var log = new ReconcileLog();
        var key = new ObjectKey("default", "planned-retry");
        var retryAfter = TimeSpan.FromMinutes(10);
        log.Behaviour = (k, attempt, _, _) => Task.FromResult(k == key && attempt == 1
            ? ReconcileResult.Transient("SourceFlaky", new HttpRequestException("simulated"), retryAfter)
            : ReconcileResult.Done);

        // The backoff would bring the key back within 100 ms; the planned retry is ten minutes away.
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var host = await RuntimeHost.StartAsync(cluster, log, "fake-clock", o =>
        {
            o.BackoffBase = TimeSpan.FromMilliseconds(10);
            o.BackoffCap = TimeSpan.FromMilliseconds(100);
        }, workers: 1, cancellationToken: Ct, time: clock);
        using var writer = cluster.CreateClient();
        await writer.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(key.Name), "default", cancellationToken: Ct);

        await Eventually.TrueAsync(() => log.For(key).Count == 1 && host.Controller.Queue.DelayedCount == 1, "the first attempt ran and its retry is scheduled");
        await Eventually.TrueAsync(
            () => SampleAsync(host, "controller_runtime_reconcile_errors_total", ("controller", host.ControllerName)).GetAwaiter().GetResult() == 1,
            "the transient result is counted as a reconcile error");
        host.Controller.Queue.NumRequeues(key).Should().Be(0, "the rate limiter was not consulted");
        (await SampleAsync(host, "workqueue_retries_total", ("name", host.ControllerName))).Should().Be(0);
        (await SampleAsync(host, "controller_runtime_reconcile_total", ("controller", host.ControllerName), ("result", "error"))).Should().Be(1);

        clock.Advance(TimeSpan.FromSeconds(1));
        host.Controller.Queue.DelayedCount.Should().Be(1, "ten times the backoff cap later the key is still waiting for its planned retry");
        host.Controller.Queue.Count.Should().Be(0);

        clock.Advance(retryAfter - TimeSpan.FromSeconds(2));
        host.Controller.Queue.DelayedCount.Should().Be(1, "a second before the planned retry it is still waiting");

        clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => log.For(key).Count >= 2, "the key was retried once its retry time came");
        await Eventually.TrueAsync(
            () => host.Controller.Cache.Get(key)?.Metadata.Annotations?.ContainsKey(SampleConfigMapController.SeenAnnotation) == true,
            "the retry succeeded");
        (await SampleAsync(host, "controller_runtime_reconcile_errors_total", ("controller", host.ControllerName))).Should().Be(1, "only the first attempt failed");
        host.Controller.Queue.NumRequeues(key).Should().Be(0);
    }

    [Fact]
    public async Task A_transient_result_without_a_retry_time_waits_for_the_per_key_backoff()
    {
        await using var cluster = await LocalClusterServer.StartAsync(new LocalClusterOptions(), NullLoggerFactory.Instance, Ct);
        var log = new ReconcileLog();
        var key = new ObjectKey("default", "backoff-retry");
        log.Behaviour = (k, attempt, _, _) => Task.FromResult(k == key && attempt == 1
            ? ReconcileResult.Transient("ApiHiccup", new HttpRequestException("simulated"))
            : ReconcileResult.Done);
        var backoffBase = TimeSpan.FromMinutes(5);
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var host = await RuntimeHost.StartAsync(cluster, log, "fake-clock", o =>
        {
            o.BackoffBase = backoffBase;
            o.BackoffCap = TimeSpan.FromHours(1);
        }, workers: 1, cancellationToken: Ct, time: clock);
        using var writer = cluster.CreateClient();
        await writer.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(key.Name), "default", cancellationToken: Ct);

        await Eventually.TrueAsync(() => log.For(key).Count == 1 && host.Controller.Queue.DelayedCount == 1, "the first attempt ran and its retry is scheduled");
        host.Controller.Queue.NumRequeues(key).Should().Be(1, "the failure went through the rate limiter");
        await Eventually.TrueAsync(
            () => SampleAsync(host, "controller_runtime_reconcile_errors_total", ("controller", host.ControllerName)).GetAwaiter().GetResult() == 1,
            "the transient result is counted as a reconcile error");
        (await SampleAsync(host, "workqueue_retries_total", ("name", host.ControllerName))).Should().Be(1);

        clock.Advance(backoffBase - TimeSpan.FromSeconds(1));
        host.Controller.Queue.DelayedCount.Should().Be(1, "the backoff has not passed yet");

        clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => log.For(key).Count >= 2, "the key was retried after its backoff");
    }
}
