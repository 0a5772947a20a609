namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>Where a Job stands after evaluation.</summary>
public enum JobOutcome
{
    /// <summary>Needs (more) pods.</summary>
    Running,

    /// <summary>Suspended: no pod may run.</summary>
    Suspended,

    /// <summary>Enough pods succeeded.</summary>
    Complete,

    /// <summary>Backoff limit or deadline exceeded.</summary>
    Failed,
}
