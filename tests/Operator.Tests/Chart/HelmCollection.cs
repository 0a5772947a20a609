namespace DynamoMcp.Operator.Tests.Chart;

/// <summary>Chart tests share one helm install.</summary>
[CollectionDefinition(Name)]
public sealed class HelmCollection : ICollectionFixture<HelmFixture>
{
    public const string Name = "helm";
}
