using System.Text.Json;
using DynamoMcp.Api.Agents;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Agents;
using k8s.Models;
using static DynamoMcp.Operator.Tests.Agents.AgentFixtures;

namespace DynamoMcp.Operator.Tests.Agents;

public sealed class AgentChildrenTests
{
    [Fact]
    public void The_job_is_restricted_holds_no_api_token_and_gets_the_bridge_token_for_its_audience_only()
    {
        var agent = Agent("scout").Admitted(depth: 1, maxTokens: 500, deadline: Now.AddSeconds(120));
        var model = Model();
        model.Spec.ApiKeySecretRef = new V1SecretKeySelector { Name = "openai", Key = "apiKey" };
        var options = new AgentOptions();
        var config = AgentChildren.Config(agent, model, agent.Status.Budget!, options);

        var job = AgentChildren.Job(agent, model, config, options, Now);

        var pod = job.Spec.Template.Spec;
        job.Metadata.Name.Should().Be("scout-agent");
        job.Metadata.OwnerReferences.Single().Uid.Should().Be("scout-uid");
        (job.Spec.BackoffLimit, job.Spec.ActiveDeadlineSeconds).Should().Be((0, 150L), "no retries; killed 30 s after the agent's deadline");
        (pod.AutomountServiceAccountToken, pod.ServiceAccountName).Should().Be((false, "scout-agent"));
        var container = pod.Containers.Single();
        container.SecurityContext.AllowPrivilegeEscalation.Should().BeFalse();
        container.SecurityContext.ReadOnlyRootFilesystem.Should().BeTrue();
        container.SecurityContext.Capabilities.Drop.Should().Contain("ALL");
        container.Env.Single().Should().BeEquivalentTo(new V1EnvVar
        {
            Name = AgentRuntimeContract.ApiKeyEnvironmentVariable,
            ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "openai", Key = "apiKey", Optional = false } },
        });
        var token = pod.Volumes.Single(v => v.Projected is not null).Projected.Sources.Single().ServiceAccountToken;
        (token.Audience, token.Path).Should().Be((AgentRuntimeContract.TokenAudience, "token"));
        container.VolumeMounts.Select(m => m.MountPath).Should().Contain(["/etc/dynamo-agent", "/var/run/secrets/dynamo-mcp/bridge"]);
    }

    [Fact]
    public void The_config_carries_the_effective_budget_and_no_secret()
    {
        var agent = Agent("scout").Admitted(depth: 2, maxTokens: 400, maxDepth: 3, deadline: Now.AddSeconds(60));
        agent.Spec.Tools = ["memory__*", "spawn_agent"];
        agent.Spec.MaxTurns = 7;

        var model = Model();
        model.Spec.ApiKeySecretRef = new V1SecretKeySelector { Name = "openai-key", Key = "apiKey" };
        var config = AgentChildren.Config(agent, model, agent.Status.Budget!, new AgentOptions { BridgeUrl = "http://bridge/mcp" });
        var map = AgentChildren.ConfigMap(agent, config);

        var read = JsonSerializer.Deserialize<AgentRunConfig>(map.Data[AgentRuntimeContract.ConfigKey])!;
        (read.MaxTokens, read.MaxTurns, read.Depth, read.MaxDepth, read.Deadline, read.BridgeUrl, read.Endpoint).Should()
            .Be((400L, 7, 2, 3, Now.AddSeconds(60), "http://bridge/mcp", "http://127.0.0.1:9/v1"));
        read.Tools.Should().Equal("memory__*", "spawn_agent");
        map.Data[AgentRuntimeContract.ConfigKey].Should().NotContainAny("openai-key", "apiKey");
    }

    [Fact]
    public void Model_config_problems_name_their_fields()
    {
        ModelConfigValidation.Problems(new ModelConfigSpec { Model = "m", BaseUrl = "http://user:pw@host/v1" }).Should().ContainSingle().Which.Should().Contain("credentials");
        ModelConfigValidation.Problems(new ModelConfigSpec { Model = "m", Provider = ModelProvider.Anthropic }).Should().ContainSingle().Which.Should().Contain("apiKeySecretRef");
        ModelConfigValidation.Problems(new ModelConfigSpec { Model = "m" }).Should().BeEmpty();
        ModelConfigValidation.Endpoint(new ModelConfigSpec { Model = "m", Provider = ModelProvider.Anthropic }).Should().Be(ModelConfigValidation.AnthropicDefault);
        ModelConfigValidation.Endpoint(new ModelConfigSpec { Model = "m", BaseUrl = "http://ollama:11434/v1/" }).Should().Be("http://ollama:11434/v1");
    }
}
