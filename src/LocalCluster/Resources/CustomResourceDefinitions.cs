using System.Text.Json.Nodes;

namespace DynamoMcp.LocalCluster.Resources;

/// <summary>Turns a CustomResourceDefinition into the <see cref="ResourceType"/> it serves, its status, and its validation.</summary>
internal static class CustomResourceDefinitions
{
    public const string CleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

    public static ResourceType? ToResourceType(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject;
        var names = spec?["names"] as JsonObject;
        if (spec is null || names is null)
        {
            return null;
        }
        var versions = (spec["versions"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(v => v["served"]?.GetValue<bool>() != false)
            .ToList();
        if (versions.Count == 0)
        {
            return null;
        }
        var kind = names["kind"]!.GetValue<string>();
        return new ResourceType
        {
            Group = spec["group"]!.GetValue<string>(),
            Versions = [.. versions.Select(v => v["name"]!.GetValue<string>()).OrderBy(VersionPriority.SortKey)],
            Kind = kind,
            Plural = names["plural"]!.GetValue<string>(),
            Singular = names["singular"]?.GetValue<string>() ?? kind.ToLowerInvariant(),
            Namespaced = spec["scope"]?.GetValue<string>() != "Cluster",
            ShortNames = [.. (names["shortNames"] as JsonArray ?? []).Select(n => n!.GetValue<string>())],
            Categories = [.. (names["categories"] as JsonArray ?? []).Select(n => n!.GetValue<string>())],
            HasStatus = versions.Any(v => v["subresources"]?["status"] is not null),
            IsCustom = true,
            Schemas = versions.Where(v => v["schema"]?["openAPIV3Schema"] is JsonObject)
                .ToDictionary(v => v["name"]!.GetValue<string>(), v => (JsonObject)v["schema"]!["openAPIV3Schema"]!.DeepClone()),
            PrinterColumns = versions.Where(v => v["additionalPrinterColumns"] is JsonArray)
                .ToDictionary(v => v["name"]!.GetValue<string>(), v => (JsonArray)v["additionalPrinterColumns"]!.DeepClone()),
        };
    }

    /// <summary>Checks what apiserver checks before accepting a CRD that this server could not serve otherwise.</summary>
    public static List<FieldError> Validate(JsonObject crd)
    {
        var errors = new List<FieldError>();
        var spec = crd["spec"] as JsonObject;
        var group = spec?["group"]?.GetValue<string>();
        var plural = spec?["names"]?["plural"]?.GetValue<string>();
        if (string.IsNullOrEmpty(group))
        {
            errors.Add(FieldError.Required("spec.group"));
        }
        if (string.IsNullOrEmpty(plural))
        {
            errors.Add(FieldError.Required("spec.names.plural"));
        }
        if (string.IsNullOrEmpty(spec?["names"]?["kind"]?.GetValue<string>()))
        {
            errors.Add(FieldError.Required("spec.names.kind"));
        }
        var versions = spec?["versions"] as JsonArray;
        if (versions is null || versions.Count == 0)
        {
            errors.Add(FieldError.Required("spec.versions", "must have exactly one version marked as storage version"));
        }
        else if (versions.Count(v => v?["storage"]?.GetValue<bool>() == true) != 1)
        {
            errors.Add(new FieldError("FieldValueInvalid", "spec.versions", "Invalid value: must have exactly one version marked as storage version"));
        }
        var name = crd["metadata"]?["name"]?.GetValue<string>();
        if (group is not null && plural is not null && name != $"{plural}.{group}")
        {
            errors.Add(FieldError.Invalid("metadata.name", name ?? "", "must be spec.names.plural+\".\"+spec.group"));
        }
        var scope = spec?["scope"]?.GetValue<string>();
        if (scope is not ("Namespaced" or "Cluster"))
        {
            errors.Add(new FieldError("FieldValueNotSupported", "spec.scope", $"Unsupported value: \"{scope}\": supported values: \"Cluster\", \"Namespaced\""));
        }
        return errors;
    }

    /// <summary>The status apiserver converges to once names are accepted: Established, NamesAccepted, acceptedNames, storedVersions.</summary>
    public static void SetStatus(JsonObject crd, JsonObject? previousStatus, string now)
    {
        var spec = (JsonObject)crd["spec"]!;
        var names = (JsonObject)spec["names"]!.DeepClone();
        names["singular"] ??= names["kind"]!.GetValue<string>().ToLowerInvariant();
        names["listKind"] ??= names["kind"]!.GetValue<string>() + "List";
        var storage = (spec["versions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(v => v["storage"]?.GetValue<bool>() == true)?["name"]?.GetValue<string>();
        var stored = previousStatus?["storedVersions"] as JsonArray is { } prev ? (JsonArray)prev.DeepClone() : [];
        if (storage is not null && !stored.Any(v => v?.GetValue<string>() == storage))
        {
            stored.Add(storage);
        }
        string Since(string type) =>
            (previousStatus?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type)?["lastTransitionTime"]?.GetValue<string>() ?? now;
        crd["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "NamesAccepted", ["status"] = "True", ["lastTransitionTime"] = Since("NamesAccepted"), ["reason"] = "NoConflicts", ["message"] = "no conflicts found" },
                new JsonObject { ["type"] = "Established", ["status"] = "True", ["lastTransitionTime"] = Since("Established"), ["reason"] = "InitialNamesAccepted", ["message"] = "the initial names have been accepted" }),
            ["acceptedNames"] = names,
            ["storedVersions"] = stored,
        };
    }
}
