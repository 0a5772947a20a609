namespace DynamoMcp.McpBridge.Tests.LocalMode;

/// <summary>
/// The official MCP conformance suite against local mode: DNS-rebinding protection, and the scenarios that apply to
/// any server (the others call test tools only the suite's reference server has). Not <c>completion-complete</c>: the
/// bridge offers no completions and says so by not declaring the capability, which the scenario counts as a failure.
/// </summary>
[Collection(LocalModeCollection.Name)]
public sealed class ConformanceSuiteTests(LocalModeFixture local)
{
    [Theory]
    [InlineData("server-initialize")]
    [InlineData("ping")]
    [InlineData("tools-list")]
    [InlineData("resources-list")]
    [InlineData("prompts-list")]
    public async Task The_local_mode_passes_the_scenario(string scenario)
    {
        Assert.SkipWhen(ConformanceSuite.Missing() is not null, ConformanceSuite.Missing() ?? "");

        var (exitCode, output, checks) = await ConformanceSuite.RunServerScenarioAsync(local.McpEndpoint, scenario, TestContext.Current.CancellationToken);

        var results = checks.EnumerateArray().Select(c => (Id: c.GetProperty("id").GetString(), Status: c.GetProperty("status").GetString())).ToList();
        results.Should().NotBeEmpty(output);
        results.Should().OnlyContain(c => c.Status == "SUCCESS", output);
        exitCode.Should().Be(0, output);
    }

    [Fact]
    public async Task The_local_mode_passes_dns_rebinding_protection_with_403_for_the_rebinding_probe()
    {
        Assert.SkipWhen(ConformanceSuite.Missing() is not null, ConformanceSuite.Missing() ?? "");

        var (exitCode, output, checks) = await ConformanceSuite.RunServerScenarioAsync(local.McpEndpoint, "dns-rebinding-protection", TestContext.Current.CancellationToken);

        checks.EnumerateArray().Select(c => (c.GetProperty("id").GetString(), c.GetProperty("status").GetString())).Should().BeEquivalentTo(
            [("localhost-host-rebinding-rejected", "SUCCESS"), ("localhost-host-valid-accepted", "SUCCESS")], output);
        exitCode.Should().Be(0, output);
        int StatusCode(string id) => checks.EnumerateArray().Single(c => c.GetProperty("id").GetString() == id)
            .GetProperty("details").GetProperty("statusCode").GetInt32();
        StatusCode("localhost-host-rebinding-rejected").Should().Be(403, output);
        StatusCode("localhost-host-valid-accepted").Should().Be(200, output);
        checks.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "localhost-host-rebinding-rejected")
            .GetProperty("details").GetProperty("hostHeader").GetString().Should().Be("evil.example.com");
    }
}
