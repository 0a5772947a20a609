namespace DynamoMcp.Operator.Tests.Chart;

/// <summary>values.schema.json turns a mistyped value into an install-time error, not a broken Deployment.</summary>
[Collection(HelmCollection.Name)]
public sealed class ValuesSchemaTests(HelmFixture helm)
{
    [Theory]
    [InlineData("operator.replicas=abc", "/operator/replicas")]
    [InlineData("operator.image.pullPolicy=Sometimes", "/operator/image/pullPolicy")]
    [InlineData("bridge.sessionMode=sticky", "/bridge/sessionMode")]
    [InlineData("operator.replicaCount=2", "replicaCount")]
    [InlineData("sandbox.activeDeadlineSeconds=0", "/sandbox/activeDeadlineSeconds")]
    [InlineData("bridge.impersonation.groups[0]=system:masters", "/bridge/impersonation/groups/0")]
    [InlineData("bridge.allowedHosts[0]=https://mcp.example.com", "/bridge/allowedHosts/0")]
    [InlineData("bridge.allowedHosts[0]=mcp.example.com:443", "/bridge/allowedHosts/0")]
    [InlineData("bridge.allowedOrigins[0]=console.example.com", "/bridge/allowedOrigins/0")]
    [InlineData("clusterDomain=Cluster_Local", "/clusterDomain")]
    public async Task A_bad_value_is_rejected_by_the_schema(string setting, string reportedPath)
    {
        var result = await helm.TemplateAsync(["--set", setting], TestContext.Current.CancellationToken);

        result.Succeeded.Should().BeFalse($"--set {setting} must not render");
        result.StdErr.Should().Contain("values don't meet the specifications of the schema")
            .And.Contain(reportedPath);
    }

    [Fact]
    public async Task A_good_override_of_the_same_key_renders()
    {
        var manifests = await helm.RenderAsync(["--set", "operator.replicas=2"], TestContext.Current.CancellationToken);

        manifests.Single<k8s.Models.V1Deployment>("Deployment", "dynamo-mcp-operator").Spec.Replicas.Should().Be(2);
    }
}
