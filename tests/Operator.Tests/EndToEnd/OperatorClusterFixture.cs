namespace DynamoMcp.Operator.Tests.EndToEnd;

/// <summary>One <see cref="OperatorTestCluster"/> shared by the tests of a class (each test uses its own resource names).</summary>
public sealed class OperatorClusterFixture : IAsyncLifetime
{
    private OperatorTestCluster? cluster;

    internal OperatorTestCluster Cluster => cluster ?? throw new InvalidOperationException(OperatorTestCluster.MissingPrerequisite() ?? "The cluster did not start.");

    public async ValueTask InitializeAsync()
    {
        if (OperatorTestCluster.MissingPrerequisite() is null)
        {
            cluster = await OperatorTestCluster.StartAsync(TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }
}
