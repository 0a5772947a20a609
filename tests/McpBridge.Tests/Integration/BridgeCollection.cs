namespace DynamoMcp.McpBridge.Tests.Integration;

/// <summary>
/// One LocalCluster + bridge for all integration classes: starting them is the expensive part. Its tests share that
/// state, so they run in an order the run's seed shuffles (<see cref="SeededShuffle"/>): none may rely on another.
/// </summary>
[CollectionDefinition(Name)]
[TestClassOrderer(typeof(SeededShuffle))]
[TestMethodOrderer(typeof(SeededShuffle))]
[TestCaseOrderer(typeof(SeededShuffle))]
public sealed class BridgeCollection : ICollectionFixture<BridgeFixture>
{
    public const string Name = "bridge";
}
