namespace DynamoMcp.Api.V1Alpha1;

/// <summary>
/// A kind whose status is written with the resourceVersion the reconcile read (optimistic concurrency): a write based
/// on a stale copy fails with 409 and the reconcile runs again, so concurrent writers never overwrite each other.
/// </summary>
public interface IOptimisticStatus;
