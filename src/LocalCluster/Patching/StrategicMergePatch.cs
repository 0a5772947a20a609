using System.Text.Json.Nodes;

namespace DynamoMcp.LocalCluster.Patching;

/// <summary>
/// Strategic merge patch for built-in kinds, as kubectl sends it: maps merge, lists of objects with a known
/// merge key (containers by name, ports by containerPort, ...) merge element-wise, other lists replace;
/// <c>$patch: delete|replace</c>, <c>$deleteFromPrimitiveList/</c> and <c>$retainKeys</c> directives are understood,
/// <c>$setElementOrder/</c> is accepted and ignored.
/// </summary>
internal static class StrategicMergePatch
{
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["volumes"] = "name",
        ["env"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["ports"] = "containerPort",
        ["imagePullSecrets"] = "name",
        ["conditions"] = "type",
        ["ownerReferences"] = "uid",
        ["tolerations"] = "key",
        ["hostAliases"] = "ip",
        ["topologySpreadConstraints"] = "topologyKey",
        ["resourceClaims"] = "name",
    };

    // Lists of strings that strategic merge treats as sets.
    private static readonly HashSet<string> MergedPrimitiveLists = new(StringComparer.Ordinal) { "finalizers" };

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch) => Merge(target, patch, null);

    private static JsonNode? Merge(JsonNode? target, JsonNode? patch, string? fieldName)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }
        if (patchObject["$patch"]?.GetValue<string>() == "replace")
        {
            var replaced = (JsonObject)patchObject.DeepClone();
            replaced.Remove("$patch");
            return replaced;
        }
        var result = target as JsonObject ?? [];
        if (patchObject["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => k!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var key in result.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                result.Remove(key);
            }
        }
        foreach (var (key, value) in patchObject)
        {
            if (key.StartsWith("$setElementOrder/", StringComparison.Ordinal) || key is "$retainKeys" or "$patch")
            {
                continue;
            }
            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var listName = key["$deleteFromPrimitiveList/".Length..];
                if (result[listName] is JsonArray list && value is JsonArray remove)
                {
                    foreach (var item in list.Where(i => remove.Any(r => JsonNode.DeepEquals(r, i))).ToList())
                    {
                        list.Remove(item);
                    }
                }
                continue;
            }
            if (value is null)
            {
                result.Remove(key);
                continue;
            }
            var existing = result[key];
            result.Remove(key);
            result[key] = value is JsonArray patchList && existing is JsonArray currentList
                ? MergeList(key, currentList, patchList)
                : Merge(existing, value, key);
        }
        _ = fieldName;
        return result;
    }

    private static JsonArray MergeList(string fieldName, JsonArray current, JsonArray patch)
    {
        if (MergedPrimitiveLists.Contains(fieldName))
        {
            var merged = (JsonArray)current.DeepClone();
            foreach (var item in patch.Where(p => !current.Any(c => JsonNode.DeepEquals(c, p))))
            {
                merged.Add(item?.DeepClone());
            }
            return merged;
        }
        if (!MergeKeys.TryGetValue(fieldName, out var mergeKey) || patch.Any(p => p is not JsonObject))
        {
            return StripDirectives((JsonArray)patch.DeepClone());
        }
        var result = (JsonArray)current.DeepClone();
        foreach (var item in patch.OfType<JsonObject>())
        {
            var keyValue = item[mergeKey];
            var index = -1;
            for (var i = 0; i < result.Count; i++)
            {
                if (JsonNode.DeepEquals(result[i]?[mergeKey], keyValue))
                {
                    index = i;
                    break;
                }
            }
            var directive = item["$patch"]?.GetValue<string>();
            if (directive == "delete")
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }
                continue;
            }
            if (index >= 0)
            {
                var existing = result[index];
                result[index] = null;
                result[index] = Merge(existing, item, fieldName);
            }
            else
            {
                result.Add(Merge(null, item, fieldName));
            }
        }
        return result;
    }

    private static JsonArray StripDirectives(JsonArray list)
    {
        foreach (var o in list.OfType<JsonObject>())
        {
            o.Remove("$patch");
        }
        return list;
    }
}
