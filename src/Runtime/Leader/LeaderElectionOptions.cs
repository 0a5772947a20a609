namespace DynamoMcp.Runtime.Leader;

/// <summary>Leader election on a coordination.k8s.io Lease; defaults follow controller-runtime (15 s / 10 s / 2 s).</summary>
public sealed class LeaderElectionOptions
{
    public bool Enabled { get; set; }

    public string LeaseName { get; set; } = "dynamo-mcp-operator";

    public string LeaseNamespace { get; set; } = "default";

    /// <summary>This replica's identity in the Lease; defaults to the host name plus a random suffix.</summary>
    public string Identity { get; set; } = $"{Environment.MachineName}-{Guid.NewGuid():N}"[..Math.Min(63, Environment.MachineName.Length + 33)];

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    internal void Validate()
    {
        if (!Enabled)
        {
            return;
        }

        if (!(RetryPeriod < RenewDeadline && RenewDeadline < LeaseDuration))
        {
            throw new InvalidOperationException(
                $"Leader election needs RetryPeriod < RenewDeadline < LeaseDuration; got {RetryPeriod}, {RenewDeadline}, {LeaseDuration}.");
        }

        if (string.IsNullOrWhiteSpace(LeaseName) || string.IsNullOrWhiteSpace(LeaseNamespace) || string.IsNullOrWhiteSpace(Identity))
        {
            throw new InvalidOperationException("Leader election needs LeaseName, LeaseNamespace and Identity; set them or disable leader election.");
        }
    }
}
