using System.Text.RegularExpressions;
using DynamoMcp.Operator.Tests.Security;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.Chart;

/// <summary>What `helm template` renders, checked object by object.</summary>
[Collection(HelmCollection.Name)]
public sealed partial class ChartRenderTests(HelmFixture helm)
{
    private const string Operator = "dynamo-mcp-operator";
    private const string Bridge = "dynamo-mcp-bridge";

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<RenderedManifests> RenderAsync(string valueSet) =>
        helm.RenderAsync(valueSet == "everything on" ? ["--values", helm.EverythingOnValues] : [], Ct);

    [GeneratedRegex(@"^appVersion:\s*""?([^""\s]+)""?\s*$", RegexOptions.Multiline)]
    private static partial Regex AppVersionLine();

    private string AppVersion() =>
        AppVersionLine().Match(File.ReadAllText(Path.Combine(helm.ChartPath, "Chart.yaml"))).Groups[1].Value;

    [Theory]
    [InlineData("default values")]
    [InlineData("everything on")]
    public async Task Every_deployment_meets_pod_security_restricted(string valueSet)
    {
        var deployments = (await RenderAsync(valueSet)).All<V1Deployment>("Deployment").ToList();

        deployments.Select(d => d.Metadata.Name).Should().BeEquivalentTo([Operator, Bridge]);
        foreach (var deployment in deployments)
        {
            PodSecurityRestrictedChecker.Check(deployment.Spec.Template.Spec)
                .Should().BeEmpty($"{deployment.Metadata.Name} must run PSS-restricted with a read-only root filesystem");
        }
    }

    [Fact]
    public async Task Images_default_to_the_chart_app_version()
    {
        var manifests = await RenderAsync("default values");
        var appVersion = AppVersion();
        appVersion.Should().NotBeNullOrEmpty();

        manifests.Single<V1Deployment>("Deployment", Operator).Spec.Template.Spec.Containers.Single().Image
            .Should().Be($"ghcr.io/dynamo-mcp/operator:{appVersion}");
        manifests.Single<V1Deployment>("Deployment", Bridge).Spec.Template.Spec.Containers.Single().Image
            .Should().Be($"ghcr.io/dynamo-mcp/mcp-bridge:{appVersion}");
        var operatorArgs = manifests.Single<V1Deployment>("Deployment", Operator).Spec.Template.Spec.Containers.Single().Args;
        operatorArgs[operatorArgs.IndexOf("--sandbox-image") + 1].Should().Be($"ghcr.io/dynamo-mcp/generator:{appVersion}");
    }

    [Theory]
    [InlineData(new string[0], false, "Recreate")]
    [InlineData(new[] { "--set", "operator.replicas=2" }, true, "RollingUpdate")]
    [InlineData(new[] { "--set", "operator.leaderElection.enabled=true" }, true, "RollingUpdate")]
    public async Task Leader_election_is_on_when_more_than_one_replica_could_run(string[] args, bool expected, string strategy)
    {
        var deployment = (await helm.RenderAsync(args, Ct)).Single<V1Deployment>("Deployment", Operator);
        var commandLine = string.Join(' ', deployment.Spec.Template.Spec.Containers.Single().Args);

        commandLine.Should().StartWith("run ");
        commandLine.Contains("--leader-elect ", StringComparison.Ordinal).Should().Be(expected, commandLine);
        commandLine.Should().Contain($"--leader-election-namespace {HelmFixture.Namespace}");
        deployment.Spec.Strategy.Type.Should().Be(strategy);
    }

    [Fact]
    public async Task Operator_command_line_carries_the_values()
    {
        var deployment = (await RenderAsync("everything on")).Single<V1Deployment>("Deployment", Operator);
        var commandLine = string.Join(' ', deployment.Spec.Template.Spec.Containers.Single().Args);

        commandLine.Should().Contain("--http-address http://0.0.0.0:8080")
            .And.Contain("--max-concurrent-reconciles 8")
            .And.Contain("--namespace team-a --namespace team-b");
        Env(deployment)["Logging__LogLevel__Default"].Should().Be("Debug");
    }

    [Fact]
    public async Task Operator_serves_probes_and_metrics_on_its_port()
    {
        var manifests = await RenderAsync("default values");
        var container = manifests.Single<V1Deployment>("Deployment", Operator).Spec.Template.Spec.Containers.Single();

        container.LivenessProbe.HttpGet.Path.Should().Be("/healthz");
        container.StartupProbe.HttpGet.Path.Should().Be("/healthz");
        container.ReadinessProbe.HttpGet.Path.Should().Be("/readyz");
        container.Ports.Should().ContainSingle(p => p.Name == "http-metrics" && p.ContainerPort == 8080);
        container.Resources.Limits.Should().ContainKey("memory");

        var service = manifests.Single<V1Service>("Service", $"{Operator}-metrics");
        service.Spec.Ports.Should().ContainSingle(p => p.Name == "http-metrics" && p.TargetPort.Value == "http-metrics");
        service.Spec.Selector.Should().Contain("app.kubernetes.io/component", "operator");
    }

    [Fact]
    public async Task Bridge_serves_mcp_on_8080_behind_its_service()
    {
        var manifests = await RenderAsync("default values");
        var deployment = manifests.Single<V1Deployment>("Deployment", Bridge);
        var container = deployment.Spec.Template.Spec.Containers.Single();

        container.Ports.Should().ContainSingle(p => p.Name == "http" && p.ContainerPort == 8080);
        container.ReadinessProbe.HttpGet.Path.Should().Be("/readyz");
        container.LivenessProbe.HttpGet.Path.Should().Be("/healthz");
        Env(deployment)["Bridge__Auth__ApiKeySecretName"].Should().Be("dynamo-mcp-bridge-api-keys");

        var service = manifests.Single<V1Service>("Service", Bridge);
        service.Spec.Ports.Should().ContainSingle(p => p.TargetPort.Value == "http");
        service.Spec.Selector.Should().BeEquivalentTo(deployment.Spec.Selector.MatchLabels);
    }

    [Fact]
    public async Task Tokens_are_mounted_only_into_pods_that_call_the_api()
    {
        var manifests = await RenderAsync("default values");

        manifests.All<V1ServiceAccount>("ServiceAccount").Should().OnlyContain(sa => sa.AutomountServiceAccountToken == false);
        foreach (var deployment in manifests.All<V1Deployment>("Deployment"))
        {
            var pod = deployment.Spec.Template.Spec;
            pod.AutomountServiceAccountToken.Should().BeTrue($"{deployment.Metadata.Name} talks to the API server");
            manifests.OfKind("ServiceAccount").Should().Contain(sa => sa.Name == pod.ServiceAccountName);
        }
    }

    [Fact]
    public async Task Optional_objects_are_absent_by_default()
    {
        var manifests = await RenderAsync("default values");

        manifests.OfKind("ServiceMonitor").Should().BeEmpty();
        manifests.OfKind("HorizontalPodAutoscaler").Should().BeEmpty();
        manifests.OfKind("PodDisruptionBudget").Should().BeEmpty();
        manifests.Single<V1Deployment>("Deployment", Bridge).Spec.Replicas.Should().Be(1);
    }

    [Fact]
    public async Task Optional_objects_render_when_enabled()
    {
        var manifests = await RenderAsync("everything on");

        manifests.OfKind("ServiceMonitor").Select(d => d.Name).Should().BeEquivalentTo([$"{Operator}-metrics", Bridge]);
        var hpa = manifests.Single<V2HorizontalPodAutoscaler>("HorizontalPodAutoscaler", Bridge);
        hpa.Spec.ScaleTargetRef.Name.Should().Be(Bridge);
        hpa.Spec.MaxReplicas.Should().Be(10);
        manifests.Single<V1Deployment>("Deployment", Bridge).Spec.Replicas
            .Should().BeNull("the HPA owns the replica count when autoscaling is on");
        manifests.Single<V1PodDisruptionBudget>("PodDisruptionBudget", Bridge).Spec.MaxUnavailable.Value.Should().Be("1");
    }

    [Fact]
    public async Task Every_object_carries_the_recommended_labels()
    {
        foreach (var document in (await RenderAsync("everything on")).Documents)
        {
            var labels = document.As<ManifestHeader>().Metadata?.Labels;
            labels.Should().ContainKeys(
                ["app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component",
                 "app.kubernetes.io/version", "app.kubernetes.io/managed-by", "app.kubernetes.io/part-of", "helm.sh/chart"],
                $"{document} should be labelled");
            labels.Should().Contain("team", "platform", "commonLabels apply everywhere");
        }
    }

    private static Dictionary<string, string> Env(V1Deployment deployment) =>
        deployment.Spec.Template.Spec.Containers.Single().Env
            .Where(e => e.Value is not null)
            .ToDictionary(e => e.Name, e => e.Value);
}
