namespace DynamoMcp.McpBridge.Tests.LocalMode;

/// <summary>One in-process local mode for the classes that probe it over HTTP: starting it is the expensive part.</summary>
[CollectionDefinition(Name)]
public sealed class LocalModeCollection : ICollectionFixture<LocalModeFixture>
{
    public const string Name = "local mode";
}
