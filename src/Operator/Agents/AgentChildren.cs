using System.Text.Json;
using DynamoMcp.Api;
using DynamoMcp.Api.Agents;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;
using k8s.Models;

namespace DynamoMcp.Operator.Agents;

/// <summary>
/// What an agent runs as (pure): its own ServiceAccount (no API token; the pod gets a projected token for the bridge's
/// audience only), the ConfigMap with its <see cref="AgentRunConfig"/>, and the Job: PSS restricted, no retries, killed
/// shortly after the agent's deadline, the model's API key from the ModelConfig's Secret in the environment.
/// </summary>
public static class AgentChildren
{
    public const string Container = "agent";
    public const string Purpose = "agent";
    private const string ConfigVolume = "config";
    private const string TokenVolume = "bridge-token";

    /// <summary>The one name of the agent's Job, ConfigMap and ServiceAccount.</summary>
    public static string Name(Agent agent) => ChildNames.WithSuffix(agent.Metadata.Name, Purpose);

    public static V1ObjectMeta Metadata(Agent agent) => new()
    {
        Name = Name(agent),
        NamespaceProperty = agent.Metadata.NamespaceProperty,
        Labels = new Dictionary<string, string>(WellKnown.Labels.ForChildOf(Agent.KubeKind, agent.Metadata.Name), StringComparer.Ordinal),
        OwnerReferences = [SandboxJobBuilder.OwnerReference(agent.ApiVersion, Agent.KubeKind, agent.Metadata)],
    };

    public static V1ServiceAccount ServiceAccount(Agent agent) => new()
    {
        ApiVersion = "v1",
        Kind = "ServiceAccount",
        Metadata = Metadata(agent),
        AutomountServiceAccountToken = false,
    };

    public static AgentRunConfig Config(Agent agent, ModelConfig model, AgentBudget budget, AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(options);
        return new AgentRunConfig
        {
            Namespace = agent.Metadata.NamespaceProperty,
            Name = agent.Metadata.Name,
            Goal = agent.Spec.Goal,
            SystemPrompt = agent.Spec.SystemPrompt,
            Provider = model.Spec.Provider == ModelProvider.Anthropic ? "anthropic" : "openai",
            Endpoint = ModelConfigValidation.Endpoint(model.Spec),
            Model = model.Spec.Model,
            Temperature = model.Spec.Temperature,
            MaxOutputTokens = model.Spec.MaxOutputTokens,
            Tools = [.. agent.Spec.Tools ?? []],
            MaxTokens = budget.MaxTokens,
            MaxTurns = agent.Spec.MaxTurns ?? 20,
            Deadline = budget.Deadline ?? DateTime.UtcNow.AddSeconds(agent.Spec.TimeoutSeconds ?? AgentAdmission.DefaultTimeoutSeconds),
            BridgeUrl = options.BridgeUrl,
            TokenPath = AgentRuntimeContract.TokenPath,
            Depth = budget.Depth,
            MaxDepth = budget.MaxDepth,
        };
    }

    public static V1ConfigMap ConfigMap(Agent agent, AgentRunConfig config) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = Metadata(agent),
        Data = new Dictionary<string, string> { [AgentRuntimeContract.ConfigKey] = JsonSerializer.Serialize(config) },
    };

    public static V1Job Job(Agent agent, ModelConfig model, AgentRunConfig config, AgentOptions options, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        var env = new List<V1EnvVar>();
        if (model.Spec.ApiKeySecretRef is { } key)
        {
            env.Add(new V1EnvVar
            {
                Name = AgentRuntimeContract.ApiKeyEnvironmentVariable,
                ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = key.Name, Key = key.Key, Optional = false } },
            });
        }

        var tokenFolder = Path.GetDirectoryName(AgentRuntimeContract.TokenPath)!;
        var configFolder = Path.GetDirectoryName(AgentRuntimeContract.ConfigPath)!;
        var meta = Metadata(agent);
        var deadline = Math.Max(1, (long)Math.Ceiling((config.Deadline - now + options.DeadlineGrace).TotalSeconds));
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = meta,
            Spec = new V1JobSpec
            {
                BackoffLimit = 0,
                ActiveDeadlineSeconds = deadline,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(meta.Labels, StringComparer.Ordinal) },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        ServiceAccountName = meta.Name,
                        AutomountServiceAccountToken = false,
                        EnableServiceLinks = false,
                        SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, RunAsUser = 65532, RunAsGroup = 65532, FsGroup = 65532, SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } },
                        Containers =
                        [
                            new V1Container
                            {
                                Name = Container,
                                Image = options.RuntimeImage,
                                Args = ["--config", AgentRuntimeContract.ConfigPath],
                                Env = env,
                                SecurityContext = SandboxJobBuilder.RestrictedSecurityContext(),
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("50m"), ["memory"] = new("64Mi") },
                                    Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1"), ["memory"] = new("256Mi"), ["ephemeral-storage"] = new("64Mi") },
                                },
                                VolumeMounts =
                                [
                                    new V1VolumeMount { Name = ConfigVolume, MountPath = configFolder, ReadOnlyProperty = true },
                                    new V1VolumeMount { Name = TokenVolume, MountPath = tokenFolder, ReadOnlyProperty = true },
                                    new V1VolumeMount { Name = "tmp", MountPath = "/tmp" },
                                ],
                            },
                        ],
                        Volumes =
                        [
                            new V1Volume { Name = ConfigVolume, ConfigMap = new V1ConfigMapVolumeSource { Name = meta.Name } },
                            new V1Volume
                            {
                                Name = TokenVolume,
                                Projected = new V1ProjectedVolumeSource
                                {
                                    Sources =
                                    [
                                        new V1VolumeProjection
                                        {
                                            ServiceAccountToken = new V1ServiceAccountTokenProjection
                                            {
                                                Audience = AgentRuntimeContract.TokenAudience,
                                                ExpirationSeconds = options.TokenExpirationSeconds,
                                                Path = Path.GetFileName(AgentRuntimeContract.TokenPath),
                                            },
                                        },
                                    ],
                                },
                            },
                            new V1Volume { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("32Mi") } },
                        ],
                    },
                },
            },
        };
    }
}
