using k8s.Models;

namespace DynamoMcp.Operator.Tests.Security;

/// <summary>
/// Checks a pod spec against the Pod Security Standard "restricted" profile
/// (https://kubernetes.io/docs/concepts/security/pod-security-standards/, baseline controls
/// included) plus this project's rule that root filesystems are read-only. Returns one message
/// per violation, naming the field, so a failing test says what to fix.
/// </summary>
public static class PodSecurityRestrictedChecker
{
    private static readonly HashSet<string> AllowedVolumeSources =
        ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

    private static readonly HashSet<string> SafeSysctls =
    [
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
    ];

    public static IReadOnlyList<string> Check(V1PodSpec pod)
    {
        var violations = new List<string>();
        var podContext = pod.SecurityContext;

        if (pod.HostNetwork == true) violations.Add("spec.hostNetwork must not be true");
        if (pod.HostPID == true) violations.Add("spec.hostPID must not be true");
        if (pod.HostIPC == true) violations.Add("spec.hostIPC must not be true");

        foreach (var volume in pod.Volumes ?? [])
        {
            var source = VolumeSourceOf(volume);
            if (!AllowedVolumeSources.Contains(source))
            {
                violations.Add($"volume {volume.Name}: type {source} is not allowed (restricted allows {string.Join(", ", AllowedVolumeSources)})");
            }
        }

        foreach (var sysctl in podContext?.Sysctls ?? [])
        {
            if (!SafeSysctls.Contains(sysctl.Name)) violations.Add($"spec.securityContext.sysctls: {sysctl.Name} is not a safe sysctl");
        }

        if (podContext?.RunAsUser == 0) violations.Add("spec.securityContext.runAsUser must not be 0");
        if (podContext?.RunAsNonRoot == false) violations.Add("spec.securityContext.runAsNonRoot must not be false");
        if (IsUnconfined(podContext?.SeccompProfile)) violations.Add("spec.securityContext.seccompProfile must be RuntimeDefault or Localhost");
        if (podContext?.AppArmorProfile?.Type == "Unconfined") violations.Add("spec.securityContext.appArmorProfile must not be Unconfined");
        CheckSeLinux(podContext?.SeLinuxOptions, "spec.securityContext", violations);

        var containers = (pod.InitContainers ?? []).Select(c => ($"initContainers[{c.Name}]", c.SecurityContext, c.Ports))
            .Concat((pod.Containers ?? []).Select(c => ($"containers[{c.Name}]", c.SecurityContext, c.Ports)))
            .Concat((pod.EphemeralContainers ?? []).Select(c => ($"ephemeralContainers[{c.Name}]", c.SecurityContext, c.Ports)));

        foreach (var (path, context, ports) in containers)
        {
            if (context?.Privileged == true) violations.Add($"{path}.securityContext.privileged must not be true");
            if (context?.AllowPrivilegeEscalation != false) violations.Add($"{path}.securityContext.allowPrivilegeEscalation must be false");
            if (context?.RunAsUser == 0) violations.Add($"{path}.securityContext.runAsUser must not be 0");

            var runAsNonRoot = context?.RunAsNonRoot ?? podContext?.RunAsNonRoot;
            if (runAsNonRoot != true) violations.Add($"{path}: runAsNonRoot must be true on the container or the pod");

            var seccomp = context?.SeccompProfile ?? podContext?.SeccompProfile;
            if (seccomp is null || IsUnconfined(seccomp)) violations.Add($"{path}: seccompProfile must be RuntimeDefault or Localhost on the container or the pod");

            var drop = context?.Capabilities?.Drop ?? [];
            if (!drop.Contains("ALL")) violations.Add($"{path}.securityContext.capabilities.drop must contain ALL");
            foreach (var added in context?.Capabilities?.Add ?? [])
            {
                if (added != "NET_BIND_SERVICE") violations.Add($"{path}.securityContext.capabilities.add: {added} is not allowed (only NET_BIND_SERVICE)");
            }

            if (context?.ProcMount is { } procMount && procMount != "Default") violations.Add($"{path}.securityContext.procMount must be Default");
            if (context?.AppArmorProfile?.Type == "Unconfined") violations.Add($"{path}.securityContext.appArmorProfile must not be Unconfined");
            CheckSeLinux(context?.SeLinuxOptions, $"{path}.securityContext", violations);

            foreach (var port in ports ?? [])
            {
                if (port.HostPort is > 0) violations.Add($"{path}: hostPort {port.HostPort} is not allowed");
            }

            // Project rule, stricter than PSS: nothing writes outside explicit volumes.
            if (context?.ReadOnlyRootFilesystem != true) violations.Add($"{path}.securityContext.readOnlyRootFilesystem must be true");
        }

        return violations;
    }

    private static bool IsUnconfined(V1SeccompProfile? profile) =>
        profile is not null && profile.Type is not ("RuntimeDefault" or "Localhost");

    private static void CheckSeLinux(V1SELinuxOptions? options, string path, List<string> violations)
    {
        if (options is null) return;
        if (options.Type is { Length: > 0 } type && type is not ("container_t" or "container_init_t" or "container_kvm_t" or "container_engine_t"))
        {
            violations.Add($"{path}.seLinuxOptions.type {type} is not allowed");
        }

        if (!string.IsNullOrEmpty(options.User) || !string.IsNullOrEmpty(options.Role))
        {
            violations.Add($"{path}.seLinuxOptions user and role must not be set");
        }
    }

    private static string VolumeSourceOf(V1Volume volume) => volume switch
    {
        { ConfigMap: not null } => "configMap",
        { Csi: not null } => "csi",
        { DownwardAPI: not null } => "downwardAPI",
        { EmptyDir: not null } => "emptyDir",
        { Ephemeral: not null } => "ephemeral",
        { PersistentVolumeClaim: not null } => "persistentVolumeClaim",
        { Projected: not null } => "projected",
        { Secret: not null } => "secret",
        { HostPath: not null } => "hostPath",
        _ => "other",
    };
}
