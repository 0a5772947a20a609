using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DynamoMcp.Runtime.Queue;

namespace DynamoMcp.Runtime.Metrics;

/// <summary>
/// controller-runtime's metrics under its names and labels, so existing dashboards work. Instruments are named
/// without the suffixes the Prometheus exporter adds (<c>_total</c> for counters, <c>_seconds</c> for unit "s").
/// </summary>
public sealed class ControllerRuntimeMetrics : IWorkQueueMetrics, IDisposable
{
    public const string MeterName = "DynamoMcp.Runtime";

    /// <summary>controller-runtime's reconcile_time buckets.</summary>
    public static readonly IReadOnlyList<double> ReconcileBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0,
         1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60];

    /// <summary>client-go's workqueue buckets (exponential from 1 µs, factor 10).</summary>
    public static readonly IReadOnlyList<double> QueueBuckets = [1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10, 100, 1000];

    private readonly Meter _meter;
    private readonly Counter<long> _reconcileTotal;
    private readonly Counter<long> _reconcileErrors;
    private readonly Histogram<double> _reconcileTime;
    private readonly Counter<long> _queueAdds;
    private readonly Counter<long> _queueRetries;
    private readonly Histogram<double> _queueDuration;
    private readonly Histogram<double> _workDuration;
    private readonly ConcurrentDictionary<string, int> _depths = new();
    private readonly ConcurrentDictionary<string, int> _leaders = new();

    public ControllerRuntimeMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _reconcileTotal = _meter.CreateCounter<long>("controller_runtime_reconcile", description: "Total number of reconciliations per controller");
        _reconcileErrors = _meter.CreateCounter<long>("controller_runtime_reconcile_errors", description: "Total number of reconciliation errors per controller");
        _reconcileTime = _meter.CreateHistogram("controller_runtime_reconcile_time", "s", "Length of time per reconciliation per controller",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ReconcileBuckets });
        _queueAdds = _meter.CreateCounter<long>("workqueue_adds", description: "Total number of adds handled by workqueue");
        _queueRetries = _meter.CreateCounter<long>("workqueue_retries", description: "Total number of retries handled by workqueue");
        _queueDuration = _meter.CreateHistogram("workqueue_queue_duration", "s", "How long in seconds an item stays in workqueue before being requested",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = QueueBuckets });
        _workDuration = _meter.CreateHistogram("workqueue_work_duration", "s", "How long in seconds processing an item from workqueue takes",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = QueueBuckets });
        _meter.CreateObservableGauge("workqueue_depth", () => _depths.Select(d => new Measurement<int>(d.Value, new KeyValuePair<string, object?>("name", d.Key))),
            description: "Current depth of workqueue");
        _meter.CreateObservableGauge("leader_election_master_status", () => _leaders.Select(l => new Measurement<int>(l.Value, new KeyValuePair<string, object?>("name", l.Key))),
            description: "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. 'name' is the string used to identify the lease.");
    }

    public void Reconciled(string controller, string result, TimeSpan took)
    {
        _reconcileTotal.Add(1, new("controller", controller), new("result", result));
        _reconcileTime.Record(took.TotalSeconds, new KeyValuePair<string, object?>("controller", controller));
    }

    /// <summary>Creates a controller's series (and its queue's, named after it) at zero, as controller-runtime does, so rates work from the first scrape.</summary>
    public void RegisterController(string controller)
    {
        foreach (var result in (string[])["success", "error", "requeue", "requeue_after"])
        {
            _reconcileTotal.Add(0, new("controller", controller), new("result", result));
        }

        _reconcileErrors.Add(0, new KeyValuePair<string, object?>("controller", controller));
        _queueAdds.Add(0, new KeyValuePair<string, object?>("name", controller));
        _queueRetries.Add(0, new KeyValuePair<string, object?>("name", controller));
        _depths.TryAdd(controller, 0);
    }

    public void ReconcileFailed(string controller) => _reconcileErrors.Add(1, new KeyValuePair<string, object?>("controller", controller));

    public void LeaderStatus(string lease, bool leading) => _leaders[lease] = leading ? 1 : 0;

    public void Added(string queue) => _queueAdds.Add(1, new KeyValuePair<string, object?>("name", queue));

    public void Retried(string queue) => _queueRetries.Add(1, new KeyValuePair<string, object?>("name", queue));

    public void DepthChanged(string queue, int depth) => _depths[queue] = depth;

    public void Queued(string queue, TimeSpan waited) => _queueDuration.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("name", queue));

    public void Worked(string queue, TimeSpan took) => _workDuration.Record(took.TotalSeconds, new KeyValuePair<string, object?>("name", queue));

    public void Dispose() => _meter.Dispose();
}
