using k8s.Models;

namespace DynamoMcp.Operator.Tests.Security;

/// <summary>The checker must catch what it claims to, or a green chart test means nothing.</summary>
public sealed class PodSecurityRestrictedCheckerTests
{
    private static V1PodSpec Compliant() => new()
    {
        SecurityContext = new V1PodSecurityContext
        {
            RunAsNonRoot = true,
            RunAsUser = 65532,
            SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
        },
        Containers =
        [
            new V1Container
            {
                Name = "app",
                SecurityContext = new V1SecurityContext
                {
                    AllowPrivilegeEscalation = false,
                    ReadOnlyRootFilesystem = true,
                    Capabilities = new V1Capabilities { Drop = ["ALL"] },
                },
            },
        ],
        Volumes = [new V1Volume { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource() }],
    };

    [Fact]
    public void A_compliant_pod_has_no_violations() =>
        PodSecurityRestrictedChecker.Check(Compliant()).Should().BeEmpty();

    public static TheoryData<string, string> Violations() => new()
    {
        { "privileged", "privileged must not be true" },
        { "escalation", "allowPrivilegeEscalation must be false" },
        { "root-user", "runAsUser must not be 0" },
        { "no-nonroot", "runAsNonRoot must be true" },
        { "no-seccomp", "seccompProfile must be RuntimeDefault or Localhost" },
        { "unconfined", "seccompProfile must be RuntimeDefault or Localhost" },
        { "caps-kept", "capabilities.drop must contain ALL" },
        { "cap-added", "SYS_ADMIN is not allowed" },
        { "host-path", "type hostPath is not allowed" },
        { "host-network", "hostNetwork must not be true" },
        { "host-port", "hostPort 80 is not allowed" },
        { "writable-root", "readOnlyRootFilesystem must be true" },
        { "init-container", "initContainers[init].securityContext.allowPrivilegeEscalation must be false" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void Each_restricted_control_is_enforced(string breach, string expected)
    {
        var pod = Compliant();
        var container = pod.Containers[0].SecurityContext;
        switch (breach)
        {
            case "privileged": container.Privileged = true; break;
            case "escalation": container.AllowPrivilegeEscalation = null; break;
            case "root-user": container.RunAsUser = 0; break;
            case "no-nonroot": pod.SecurityContext.RunAsNonRoot = null; break;
            case "no-seccomp": pod.SecurityContext.SeccompProfile = null; break;
            case "unconfined": container.SeccompProfile = new V1SeccompProfile { Type = "Unconfined" }; break;
            case "caps-kept": container.Capabilities.Drop = ["NET_RAW"]; break;
            case "cap-added": container.Capabilities.Add = ["SYS_ADMIN"]; break;
            case "host-path": pod.Volumes.Add(new V1Volume { Name = "root", HostPath = new V1HostPathVolumeSource { Path = "/" } }); break;
            case "host-network": pod.HostNetwork = true; break;
            case "host-port": pod.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 80, HostPort = 80 }]; break;
            case "writable-root": container.ReadOnlyRootFilesystem = false; break;
            case "init-container":
                pod.InitContainers = [new V1Container { Name = "init", SecurityContext = new V1SecurityContext { ReadOnlyRootFilesystem = true, Capabilities = new V1Capabilities { Drop = ["ALL"] } } }];
                break;
            default: throw new ArgumentOutOfRangeException(nameof(breach), breach, "unknown breach");
        }

        PodSecurityRestrictedChecker.Check(pod).Should().Contain(v => v.Contains(expected), $"breach '{breach}' should be reported");
    }
}
