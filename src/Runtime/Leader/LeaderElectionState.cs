namespace DynamoMcp.Runtime.Leader;

/// <summary>What readiness and the metrics need to know about leader election.</summary>
public sealed class LeaderElectionState
{
    private volatile bool _leading;
    private volatile bool _decided;
    private volatile string? _leader;

    /// <summary>True while this replica holds the lease (always true with leader election off).</summary>
    public bool IsLeader => _leading;

    /// <summary>True once this replica leads or has seen another leader (standing by).</summary>
    public bool HasDecided => _decided;

    public string? CurrentLeader => _leader;

    internal void Leading(bool leading)
    {
        _leading = leading;
        _decided = true;
    }

    internal void ObservedLeader(string identity)
    {
        _leader = identity;
        _decided = true;
    }
}
