using System.Text.Json;
using System.Text.Json.Nodes;

namespace DynamoMcp.LocalCluster.Storage;

/// <summary>
/// One object as stored: its JSON bytes exactly as served, plus the metadata the server filters on.
/// Immutable, so readers share it without locks.
/// </summary>
internal sealed class StoredObject
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    private StoredObject(string @namespace, string name, long revision, byte[] json, string uid,
        IReadOnlyDictionary<string, string> labels, IReadOnlyList<string> ownerUids, bool deleting, int finalizerCount)
    {
        Namespace = @namespace;
        Name = name;
        Revision = revision;
        Json = json;
        Uid = uid;
        Labels = labels;
        OwnerUids = ownerUids;
        Deleting = deleting;
        FinalizerCount = finalizerCount;
    }

    public string Namespace { get; }

    public string Name { get; }

    public long Revision { get; }

    public byte[] Json { get; }

    public string Uid { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public IReadOnlyList<string> OwnerUids { get; }

    public bool Deleting { get; }

    public int FinalizerCount { get; }

    public static string KeyOf(string @namespace, string name) => @namespace + "/" + name;

    public string Key => KeyOf(Namespace, Name);

    /// <summary>A fresh, mutable copy of the object.</summary>
    public JsonObject ToJson() => JsonNode.Parse(Json)!.AsObject();

    public static StoredObject FromJson(JsonObject obj, long revision)
    {
        var meta = obj["metadata"] as JsonObject ?? throw new InvalidOperationException("Stored objects have metadata.");
        meta["resourceVersion"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return FromBytes(JsonSerializer.SerializeToUtf8Bytes(obj), revision, meta);
    }

    public static StoredObject FromBytes(byte[] json, long revision, JsonObject? meta = null)
    {
        meta ??= JsonNode.Parse(json)!["metadata"]!.AsObject();
        IReadOnlyDictionary<string, string> labels = NoLabels;
        if (meta["labels"] is JsonObject l && l.Count > 0)
        {
            labels = l.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "");
        }
        IReadOnlyList<string> owners = [];
        if (meta["ownerReferences"] is JsonArray refs && refs.Count > 0)
        {
            owners = [.. refs.Select(r => r?["uid"]?.ToString()).OfType<string>()];
        }
        return new StoredObject(
            meta["namespace"]?.ToString() ?? "",
            meta["name"]?.ToString() ?? "",
            revision,
            json,
            meta["uid"]?.ToString() ?? "",
            labels,
            owners,
            meta["deletionTimestamp"] is not null,
            (meta["finalizers"] as JsonArray)?.Count ?? 0);
    }
}
