using DynamoMcp.Runtime.Leader;

namespace DynamoMcp.Runtime.Hosting;

/// <summary>Settings of the controller runtime (bind from configuration section <c>ControllerRuntime</c>).</summary>
public sealed class ControllerRuntimeOptions
{
    /// <summary>Namespaces to watch; empty watches all namespaces.</summary>
    public IList<string> Namespaces { get; set; } = [];

    /// <summary>Server-side watch timeout; the informer re-watches from its last resourceVersion when it ends.</summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Concurrent reconciles per controller unless the controller says otherwise (controller-runtime: 1).</summary>
    public int DefaultWorkers { get; set; } = 1;

    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromMilliseconds(5);

    public TimeSpan BackoffCap { get; set; } = TimeSpan.FromSeconds(1000);

    /// <summary>How long a graceful shutdown waits for in-flight reconciles.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The <c>source.component</c> / reportingController of recorded Events.</summary>
    public string EventSource { get; set; } = "dynamo-mcp-operator";

    public LeaderElectionOptions LeaderElection { get; set; } = new();

    internal void Validate()
    {
        if (DefaultWorkers < 1)
        {
            throw new InvalidOperationException($"ControllerRuntime:DefaultWorkers is {DefaultWorkers}; it must be at least 1.");
        }

        if (WatchTimeout < TimeSpan.FromSeconds(1))
        {
            throw new InvalidOperationException($"ControllerRuntime:WatchTimeout is {WatchTimeout}; use at least one second.");
        }

        LeaderElection.Validate();
    }
}
