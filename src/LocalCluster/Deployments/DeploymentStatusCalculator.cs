using k8s.Models;

namespace DynamoMcp.LocalCluster.Deployments;

/// <summary>
/// The status the Deployment controller writes, from the pods' counts: observedGeneration, the replica counts and the
/// Available and Progressing conditions with the real controller's reasons. Pure: the clock comes in.
/// </summary>
public static class DeploymentStatusCalculator
{
    /// <summary>The label that ties a pod to the template it was made from, as on a ReplicaSet's pods.</summary>
    public const string PodTemplateHashLabel = "pod-template-hash";

    /// <summary>Short, stable hash of a pod template: a template change makes new pods.</summary>
    public static string TemplateHash(V1PodTemplateSpec template)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(k8s.KubernetesJson.Serialize(template)));
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return new string([.. bytes.Take(10).Select(b => alphabet[b % alphabet.Length])]);
    }

    /// <summary>Pods that may be unavailable during a rollout (spec.strategy.rollingUpdate.maxUnavailable, 25% rounded down by default).</summary>
    public static int MaxUnavailable(V1Deployment deployment)
    {
        var desired = deployment.Spec?.Replicas ?? 1;
        if (deployment.Spec?.Strategy?.Type == "Recreate")
        {
            return desired;
        }

        var value = deployment.Spec?.Strategy?.RollingUpdate?.MaxUnavailable?.Value ?? "25%";
        return value.EndsWith('%')
            ? (int)Math.Floor(desired * int.Parse(value.TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture) / 100.0)
            : int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static V1DeploymentStatus Compute(V1Deployment deployment, string templateHash, DeploymentPodCounts counts, DateTime now)
    {
        var desired = deployment.Spec?.Replicas ?? 1;
        var previous = deployment.Status;
        var available = counts.Ready;
        var name = $"{deployment.Metadata?.Name}-{templateHash}";
        var complete = counts.Updated == desired && counts.Total == desired && counts.UpdatedReady == desired;
        var progressed = previous is null
                         || previous.ObservedGeneration != deployment.Metadata?.Generation
                         || previous.UpdatedReplicas != counts.Updated
                         || previous.ReadyReplicas != counts.Ready
                         || previous.Replicas != counts.Total;
        var lastProgress = progressed
            ? now
            : previous?.Conditions?.FirstOrDefault(c => c.Type == "Progressing")?.LastUpdateTime ?? now;
        var deadline = TimeSpan.FromSeconds(deployment.Spec?.ProgressDeadlineSeconds ?? 600);

        V1DeploymentCondition Condition(string type, bool value, string reason, string message, DateTime? updated = null)
        {
            var before = previous?.Conditions?.FirstOrDefault(c => c.Type == type);
            var status = value ? "True" : "False";
            var same = before is not null && before.Status == status && before.Reason == reason;
            return new V1DeploymentCondition
            {
                Type = type,
                Status = status,
                Reason = reason,
                Message = message,
                LastTransitionTime = before is not null && before.Status == status ? before.LastTransitionTime : now,
                LastUpdateTime = updated ?? (same ? before!.LastUpdateTime : now),
            };
        }

        var availableCondition = available >= desired - MaxUnavailable(deployment)
            ? Condition("Available", true, "MinimumReplicasAvailable", "Deployment has minimum availability.")
            : Condition("Available", false, "MinimumReplicasUnavailable", "Deployment does not have minimum availability.");
        var progressing = complete
            ? Condition("Progressing", true, "NewReplicaSetAvailable", $"ReplicaSet \"{name}\" has successfully progressed.")
            : now - lastProgress > deadline
                ? Condition("Progressing", false, "ProgressDeadlineExceeded", $"ReplicaSet \"{name}\" has timed out progressing.", lastProgress)
                : Condition("Progressing", true, "ReplicaSetUpdated", $"ReplicaSet \"{name}\" is progressing.", lastProgress);
        return new V1DeploymentStatus
        {
            ObservedGeneration = deployment.Metadata?.Generation,
            Replicas = counts.Total,
            UpdatedReplicas = counts.Updated,
            ReadyReplicas = counts.Ready,
            AvailableReplicas = available,
            UnavailableReplicas = Math.Max(0, desired - available),
            Conditions = [availableCondition, progressing],
        };
    }
}
