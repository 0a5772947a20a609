namespace DynamoMcp.Runtime.Controllers;

/// <summary>The kind-independent face of a controller, for the manager.</summary>
public interface IController
{
    string Name { get; }

    /// <summary>Runs the workers until <paramref name="cancellationToken"/> is cancelled (leadership lost or shutdown); in-flight reconciles see the cancellation.</summary>
    Task RunWorkersAsync(CancellationToken cancellationToken);

    /// <summary>Stops the queue and waits for in-flight reconciles to finish.</summary>
    Task ShutDownAsync(CancellationToken cancellationToken);
}
