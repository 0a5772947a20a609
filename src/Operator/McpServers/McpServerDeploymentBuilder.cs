using System.Globalization;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;
using k8s.Models;

namespace DynamoMcp.Operator.McpServers;

/// <summary>
/// The server's Deployment, Pod Security "restricted": non-root, no privilege escalation, no capabilities, seccomp
/// RuntimeDefault, read-only root with emptyDirs for /tmp and $HOME, no API token, TCP (or the front's /healthz)
/// probes with a start-up allowance of <c>spec.startupTimeoutSeconds</c>. A stdio server gets the stdio front: an init
/// container runs <c>/stdio-front --install /dynamo-mcp/bin</c> from <see cref="McpServerOptions.StdioFrontImage"/>, which
/// copies the binary into an emptyDir, and the server's
/// container runs it with the server's own command after <c>--</c>, so the image itself is used unchanged. Pure.
/// </summary>
public static class McpServerDeploymentBuilder
{
    public const string ContainerName = "server";
    public const string FrontInitContainerName = "stdio-front";
    public const string FrontDirectory = "/dynamo-mcp/bin";
    public const string Home = "/home/mcp";

    /// <summary>
    /// Kubernetes' minimum: the pod turns ready at the first startup probe after the server listens, so the period is
    /// how late a started server is seen (2 s made bench/McpServer.Bench wait ~1.3 s past a server listening at
    /// 0.7 s). One TCP connect (or /healthz) a second during start-up only; the allowance stays startupTimeoutSeconds.
    /// </summary>
    private const int StartupPeriodSeconds = 1;

    public static V1Deployment Build(McpServer server, McpServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(options);
        var spec = server.Spec;
        var overrides = spec.PodTemplate;
        var stdio = spec.Transport == McpTransport.Stdio;
        var port = McpServerChildren.Port(server);
        var startup = spec.StartupTimeoutSeconds ?? McpServerChildren.DefaultStartupTimeoutSeconds;
        var labels = new Dictionary<string, string>(overrides?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in McpServerChildren.SelectorLabels(server))
        {
            labels[key] = value;
        }

        var volumes = new List<V1Volume>
        {
            new() { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource() },
            new() { Name = "home", EmptyDir = new V1EmptyDirVolumeSource() },
        };
        var mounts = new List<V1VolumeMount>
        {
            new() { Name = "tmp", MountPath = "/tmp" },
            new() { Name = "home", MountPath = Home },
        };
        List<V1Container>? init = null;
        IList<string>? command = spec.Command;
        IList<string>? args = spec.Args;
        if (stdio)
        {
            volumes.Add(new V1Volume { Name = "stdio-front", EmptyDir = new V1EmptyDirVolumeSource() });
            mounts.Add(new V1VolumeMount { Name = "stdio-front", MountPath = FrontDirectory, ReadOnlyProperty = true });
            init =
            [
                new V1Container
                {
                    Name = FrontInitContainerName,
                    Image = options.StdioFrontImage,
                    ImagePullPolicy = "IfNotPresent",
                    // The front copies itself (its image is distroless: no shell, no cp).
                    Command = [options.StdioFrontPath, "--install", FrontDirectory],
                    SecurityContext = ContainerSecurity(),
                    Resources = new V1ResourceRequirements
                    {
                        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m"), ["memory"] = new("16Mi") },
                        Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("64Mi") },
                    },
                    VolumeMounts = [new V1VolumeMount { Name = "stdio-front", MountPath = FrontDirectory }],
                },
            ];
            command = [FrontDirectory + "/stdio-front", "--port", Number(port), "--path", McpServerChildren.Path(server), "--startup-timeout", Number(startup), "--", .. spec.Command ?? [], .. spec.Args ?? []];
            args = null;
        }

        var probe = stdio
            ? new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/healthz", Port = McpServerChildren.PortName } }
            : new V1Probe { TcpSocket = new V1TCPSocketAction { Port = McpServerChildren.PortName } };
        V1Probe Probe(int period, int failures) => new()
        {
            HttpGet = probe.HttpGet,
            TcpSocket = probe.TcpSocket,
            PeriodSeconds = period,
            FailureThreshold = failures,
            TimeoutSeconds = 2,
        };

        var container = new V1Container
        {
            Name = ContainerName,
            Image = spec.Image,
            ImagePullPolicy = "IfNotPresent",
            Command = command,
            Args = args,
            Env = [new V1EnvVar { Name = "HOME", Value = Home }, new V1EnvVar { Name = "TMPDIR", Value = "/tmp" }, .. spec.Env ?? []],
            EnvFrom = spec.EnvFrom,
            Ports = [new V1ContainerPort { Name = McpServerChildren.PortName, ContainerPort = port, Protocol = "TCP" }],
            Resources = SandboxJobBuilder.MergeResources(options.Resources, spec.Resources),
            SecurityContext = ContainerSecurity(),
            StartupProbe = Probe(StartupPeriodSeconds, Math.Max(1, (startup + StartupPeriodSeconds - 1) / StartupPeriodSeconds)),
            ReadinessProbe = Probe(5, 2),
            LivenessProbe = Probe(10, 3),
            VolumeMounts = mounts,
        };

        var ownAccount = string.IsNullOrEmpty(overrides?.ServiceAccountName);
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = McpServerChildren.Metadata(server),
            Spec = new V1DeploymentSpec
            {
                Replicas = spec.Replicas,
                Selector = new V1LabelSelector { MatchLabels = McpServerChildren.SelectorLabels(server) },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels, Annotations = overrides?.Annotations is { Count: > 0 } a ? new Dictionary<string, string>(a) : null },
                    Spec = new V1PodSpec
                    {
                        ServiceAccountName = ownAccount ? McpServerChildren.Name(server) : overrides!.ServiceAccountName,
                        // The token is mounted only for a service account the user chose (cloud workload identity).
                        AutomountServiceAccountToken = ownAccount ? false : null,
                        EnableServiceLinks = false,
                        SecurityContext = new V1PodSecurityContext
                        {
                            RunAsNonRoot = true,
                            RunAsUser = options.RunAsUser,
                            RunAsGroup = options.RunAsUser,
                            FsGroup = options.RunAsUser,
                            SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                        },
                        NodeSelector = overrides?.NodeSelector is { Count: > 0 } nodes ? new Dictionary<string, string>(nodes) : null,
                        Tolerations = overrides?.Tolerations,
                        PriorityClassName = overrides?.PriorityClassName,
                        RuntimeClassName = overrides?.RuntimeClassName,
                        ImagePullSecrets = spec.ImagePullSecrets,
                        InitContainers = init,
                        Containers = [container],
                        Volumes = volumes,
                    },
                },
            },
        };
    }

    private static V1SecurityContext ContainerSecurity() => new()
    {
        AllowPrivilegeEscalation = false,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        ReadOnlyRootFilesystem = true,
        RunAsNonRoot = true,
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
