namespace DynamoMcp.McpBridge.Tests.Integration;

/// <summary>One LocalCluster + bridge for all integration classes: starting them is the expensive part.</summary>
[CollectionDefinition(Name)]
public sealed class BridgeCollection : ICollectionFixture<BridgeFixture>
{
    public const string Name = "bridge";
}
