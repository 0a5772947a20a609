using System.Text.Json;
using static DynamoMcp.LocalCluster.Tests.Kubectl.KubectlRunner;

namespace DynamoMcp.LocalCluster.Tests.Auth;

/// <summary>The real kubectl against the authentication endpoints: <c>kubectl create token</c> and <c>kubectl create -f tokenreview.yaml</c>.</summary>
public sealed class KubectlTokenTests
{
    [Fact]
    public async Task Kubectl_creates_a_token_and_a_token_review_of_it()
    {
        Assert.SkipUnless(File.Exists(KubectlPath), "kubectl is not installed at /usr/bin/kubectl");
        await using var server = await TestCluster.StartAsync();
        (await RunAsync(server, "create serviceaccount bridge")).Exit.Should().Be(0);

        var (exit, token, error) = await RunAsync(server, "create token bridge --audience dynamo-mcp-bridge --duration 15m");
        exit.Should().Be(0, error);
        token = token.Trim();
        token.Split('.').Should().HaveCount(3);

        var review = $$"""
            apiVersion: authentication.k8s.io/v1
            kind: TokenReview
            spec:
              token: {{token}}
              audiences: [dynamo-mcp-bridge]
            """;
        var (reviewExit, output, reviewError) = await RunAsync(server, "create -f - -o json", review);
        reviewExit.Should().Be(0, reviewError);
        var status = JsonDocument.Parse(output).RootElement.GetProperty("status");
        status.GetProperty("authenticated").GetBoolean().Should().BeTrue(output);
        status.GetProperty("user").GetProperty("username").GetString().Should().Be("system:serviceaccount:default:bridge");
    }
}
