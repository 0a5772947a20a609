namespace DynamoMcp.Runtime.Informers;

/// <summary>The kind-independent face of an informer, for the manager and readiness.</summary>
public interface IInformer
{
    Type ObjectType { get; }

    bool HasSynced { get; }

    Task WaitForSyncAsync(CancellationToken cancellationToken);

    Task RunAsync(CancellationToken cancellationToken);
}
