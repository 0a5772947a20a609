using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster.Resources;

namespace DynamoMcp.LocalCluster.Printing;

/// <summary>
/// Server-side printing (<c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c>): a meta.k8s.io/v1 Table
/// whose columns are a CRD version's additionalPrinterColumns, or kubectl's familiar columns for built-ins.
/// </summary>
internal static class TablePrinter
{
    public static bool Wants(string? accept) => accept is not null && accept.Contains("as=Table", StringComparison.Ordinal);

    public static JsonObject Build(ResourceType type, string version, IEnumerable<JsonObject> objects, string? includeObject, JsonObject listMeta, DateTimeOffset now)
    {
        var columns = Columns(type, version);
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var cells = new JsonArray();
            foreach (var c in columns)
            {
                cells.Add(c.Cell(obj, now));
            }
            var row = new JsonObject { ["cells"] = cells };
            switch (includeObject)
            {
                case "None":
                    break;
                case "Object":
                    row["object"] = obj;
                    break;
                default:
                    row["object"] = new JsonObject
                    {
                        ["kind"] = "PartialObjectMetadata",
                        ["apiVersion"] = "meta.k8s.io/v1",
                        ["metadata"] = obj["metadata"]?.DeepClone(),
                    };
                    break;
            }
            rows.Add(row);
        }
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = listMeta,
            ["columnDefinitions"] = new JsonArray([.. columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format,
                ["description"] = c.Description,
                ["priority"] = c.Priority,
            })]),
            ["rows"] = rows,
        };
    }

    public static IReadOnlyList<PrinterColumn> Columns(ResourceType type, string version)
    {
        var name = new PrinterColumn("Name", "string", "name", "Name must be unique within a namespace.", 0, (o, _) => o["metadata"]?["name"]?.DeepClone());
        var age = new PrinterColumn("Age", "string", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0,
            (o, now) => HumanDuration.Since(o["metadata"]?["creationTimestamp"]?.GetValue<string>(), now));
        if (type.IsCustom)
        {
            if (!type.PrinterColumns.TryGetValue(version, out var custom) || custom.Count == 0)
            {
                return [name, age];
            }
            return [name, .. custom.OfType<JsonObject>().Select(Custom)];
        }
        return type.StorageKey switch
        {
            "/pods" => [name, Col("Ready", o => $"{ReadyContainers(o)}/{(o["spec"]?["containers"] as JsonArray)?.Count ?? 0}"),
                Col("Status", o => PodStatus(o)), Col("Restarts", o => (JsonNode?)RestartCount(o), "integer"), age,
                Col("IP", o => Str(o, "status", "podIP") ?? "<none>", priority: 1), Col("Node", o => Str(o, "spec", "nodeName") ?? "<none>", priority: 1)],
            "batch/jobs" => [name, Col("Status", o => JobStatus(o)), Col("Completions", o => $"{Int(o, "status", "succeeded")}/{(o["spec"]?["completions"] is { } c ? c.ToJsonString() : "1")}"),
                Col("Duration", o => JobDuration(o)), age],
            "apps/deployments" => [name, Col("Ready", o => $"{Int(o, "status", "readyReplicas")}/{Int(o, "spec", "replicas", 1)}"),
                Col("Up-to-date", o => (JsonNode?)Int(o, "status", "updatedReplicas"), "integer"), Col("Available", o => (JsonNode?)Int(o, "status", "availableReplicas"), "integer"), age],
            "/namespaces" => [name, Col("Status", o => Str(o, "status", "phase")), age],
            "/configmaps" => [name, Col("Data", o => (JsonNode?)(((o["data"] as JsonObject)?.Count ?? 0) + ((o["binaryData"] as JsonObject)?.Count ?? 0)), "integer"), age],
            "/secrets" => [name, Col("Type", o => o["type"]?.GetValue<string>() ?? "Opaque"), Col("Data", o => (JsonNode?)((o["data"] as JsonObject)?.Count ?? 0), "integer"), age],
            "/services" => [name, Col("Type", o => Str(o, "spec", "type") ?? "ClusterIP"), Col("Cluster-IP", o => Str(o, "spec", "clusterIP") ?? "<none>"),
                Col("External-IP", _ => "<none>"), Col("Port(s)", o => string.Join(",", (o["spec"]?["ports"] as JsonArray ?? []).Select(p => $"{p?["port"]}/{p?["protocol"]?.GetValue<string>() ?? "TCP"}"))), age],
            "/events" => [Col("Last Seen", (o, now) => HumanDuration.Since(Str(o, "lastTimestamp") ?? Str(o, "eventTime") ?? Str(o, "metadata", "creationTimestamp"), now)),
                Col("Type", o => Str(o, "type")), Col("Reason", o => Str(o, "reason")),
                Col("Object", o => $"{Str(o, "involvedObject", "kind")?.ToLowerInvariant()}/{Str(o, "involvedObject", "name")}"), Col("Message", o => Str(o, "message")), name with { Priority = 1 }],
            "apiextensions.k8s.io/customresourcedefinitions" => [name, Col("Created At", o => Str(o, "metadata", "creationTimestamp"), "date")],
            _ => [name, age],
        };
    }

    private static PrinterColumn Custom(JsonObject def)
    {
        var jsonPath = def["jsonPath"]?.GetValue<string>() ?? "";
        var type = def["type"]?.GetValue<string>() ?? "string";
        return new PrinterColumn(
            def["name"]?.GetValue<string>() ?? jsonPath,
            type,
            def["format"]?.GetValue<string>() ?? "",
            def["description"]?.GetValue<string>() ?? "",
            def["priority"]?.GetValue<int>() ?? 0,
            (o, now) =>
            {
                var results = SimpleJsonPath.Evaluate(o, jsonPath);
                if (results.Count == 0)
                {
                    return null;
                }
                if (type == "date")
                {
                    return HumanDuration.Since(results[0].GetValue<string>(), now);
                }
                return results.Count == 1 && type is "integer" or "number" or "boolean"
                    ? results[0].DeepClone()
                    : SimpleJsonPath.Render(o, jsonPath);
            });
    }

    private static PrinterColumn Col(string name, Func<JsonObject, JsonNode?> cell, string type = "string", int priority = 0) =>
        new(name, type, "", name, priority, (o, _) => cell(o));

    private static PrinterColumn Col(string name, Func<JsonObject, DateTimeOffset, JsonNode?> cell) => new(name, "string", "", name, 0, cell);

    private static string? Str(JsonObject o, params string[] path)
    {
        JsonNode? node = o;
        foreach (var p in path)
        {
            node = (node as JsonObject)?[p];
        }
        return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString();
    }

    private static long Int(JsonObject o, string a, string b, long fallback = 0) =>
        o[a]?[b] is JsonValue v && v.TryGetValue<long>(out var l) ? l : fallback;

    private static int ReadyContainers(JsonObject pod) =>
        (pod["status"]?["containerStatuses"] as JsonArray ?? []).Count(c => c?["ready"]?.GetValue<bool>() == true);

    private static long RestartCount(JsonObject pod) =>
        (pod["status"]?["containerStatuses"] as JsonArray ?? []).Sum(c => c?["restartCount"]?.GetValue<long>() ?? 0);

    private static string PodStatus(JsonObject pod)
    {
        if (pod["metadata"]?["deletionTimestamp"] is not null)
        {
            return "Terminating";
        }
        foreach (var c in pod["status"]?["containerStatuses"] as JsonArray ?? [])
        {
            var reason = c?["state"]?["waiting"]?["reason"] ?? c?["state"]?["terminated"]?["reason"];
            if (reason is not null && pod["status"]?["phase"]?.GetValue<string>() is not "Running")
            {
                return reason.GetValue<string>();
            }
        }
        return Str(pod, "status", "reason") ?? Str(pod, "status", "phase") ?? "Unknown";
    }

    private static string JobStatus(JsonObject job)
    {
        var conditions = (job["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(c => c["status"]?.GetValue<string>() == "True").Select(c => c["type"]?.GetValue<string>()).ToList();
        if (conditions.Contains("Complete"))
        {
            return "Complete";
        }
        if (conditions.Contains("Failed"))
        {
            return "Failed";
        }
        if (job["metadata"]?["deletionTimestamp"] is not null)
        {
            return "Terminating";
        }
        return conditions.Contains("Suspended") ? "Suspended" : "Running";
    }

    private static string JobDuration(JsonObject job)
    {
        var start = Str(job, "status", "startTime");
        if (start is null)
        {
            return "";
        }
        var end = Str(job, "status", "completionTime");
        var startTime = DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture);
        var endTime = end is null ? DateTimeOffset.UtcNow : DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture);
        return HumanDuration.Format(endTime - startTime);
    }
}
