using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster.Resources;

namespace DynamoMcp.LocalCluster.Auth;

/// <summary>
/// The API server's validation of projected <c>serviceAccountToken</c> sources in a pod spec (of a Pod, or the pod
/// template of a Job, CronJob, Deployment, ReplicaSet or StatefulSet): a path, and expirationSeconds within
/// [600, 2^32]. Pure.
/// </summary>
internal static class TokenProjectionValidation
{
    public static IReadOnlyList<FieldError> Validate(ResourceType type, JsonObject obj)
    {
        var (spec, prefix) = type.StorageKey switch
        {
            "/pods" => (obj["spec"], "spec"),
            "batch/jobs" or "apps/deployments" or "apps/replicasets" or "apps/statefulsets" => (obj["spec"]?["template"]?["spec"], "spec.template.spec"),
            "batch/cronjobs" => (obj["spec"]?["jobTemplate"]?["spec"]?["template"]?["spec"], "spec.jobTemplate.spec.template.spec"),
            _ => (null, ""),
        };
        var errors = new List<FieldError>();
        if (spec?["volumes"] is not JsonArray volumes)
        {
            return errors;
        }

        for (var v = 0; v < volumes.Count; v++)
        {
            if (volumes[v]?["projected"]?["sources"] is not JsonArray sources)
            {
                continue;
            }

            for (var s = 0; s < sources.Count; s++)
            {
                if (sources[s]?["serviceAccountToken"] is not JsonObject token)
                {
                    continue;
                }

                var field = string.Create(CultureInfo.InvariantCulture, $"{prefix}.volumes[{v}].projected.sources[{s}].serviceAccountToken");
                if (token["path"] is not JsonValue path || path.GetValueKind() != JsonValueKind.String || path.GetValue<string>().Length == 0)
                {
                    errors.Add(FieldError.Required(field + ".path"));
                }

                if (token["expirationSeconds"] is JsonValue expiration && expiration.GetValueKind() == JsonValueKind.Number
                    && expiration.TryGetValue<long>(out var seconds) && TokenExpiration.Problem(seconds) is { } problem)
                {
                    errors.Add(new FieldError("FieldValueInvalid", field + ".expirationSeconds",
                        string.Create(CultureInfo.InvariantCulture, $"Invalid value: {seconds}: {problem}")));
                }
            }
        }

        return errors;
    }
}
