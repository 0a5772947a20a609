using System.Text.Json.Nodes;
using static DynamoMcp.LocalCluster.Protobuf.ProtobufJson;

namespace DynamoMcp.LocalCluster.Protobuf;

/// <summary>Decodes k8s.io/apimachinery/pkg/apis/meta/v1 messages (field numbers from its generated.proto).</summary>
internal static class MetaV1Decoder
{
    /// <summary>ObjectMeta; server-owned fields it does not need (selfLink, managedFields) are skipped.</summary>
    public static JsonObject ObjectMeta(ProtobufReader r)
    {
        var meta = new JsonObject();
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited):
                    SetString(meta, "name", r.ReadString());
                    break;
                case (2, WireType.LengthDelimited):
                    SetString(meta, "generateName", r.ReadString());
                    break;
                case (3, WireType.LengthDelimited):
                    SetString(meta, "namespace", r.ReadString());
                    break;
                case (5, WireType.LengthDelimited):
                    SetString(meta, "uid", r.ReadString());
                    break;
                case (6, WireType.LengthDelimited):
                    SetString(meta, "resourceVersion", r.ReadString());
                    break;
                case (7, WireType.Varint):
                    var generation = r.ReadInt64();
                    if (generation != 0)
                    {
                        meta["generation"] = generation;
                    }
                    break;
                case (8, WireType.LengthDelimited):
                    if (Time(r.ReadMessage()) is { } created)
                    {
                        meta["creationTimestamp"] = created;
                    }
                    break;
                case (9, WireType.LengthDelimited):
                    if (Time(r.ReadMessage()) is { } deleted)
                    {
                        meta["deletionTimestamp"] = deleted;
                    }
                    break;
                case (10, WireType.Varint):
                    meta["deletionGracePeriodSeconds"] = r.ReadInt64();
                    break;
                case (11, WireType.LengthDelimited):
                    MapEntry(meta, "labels", r.ReadMessage());
                    break;
                case (12, WireType.LengthDelimited):
                    MapEntry(meta, "annotations", r.ReadMessage());
                    break;
                case (13, WireType.LengthDelimited):
                    Append(meta, "ownerReferences", OwnerReference(r.ReadMessage()));
                    break;
                case (14, WireType.LengthDelimited):
                    Append(meta, "finalizers", r.ReadString());
                    break;
                default:
                    r.Skip(field, wireType);
                    break;
            }
        }
        return meta;
    }

    public static JsonObject OwnerReference(ProtobufReader r)
    {
        var owner = new JsonObject();
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited):
                    owner["kind"] = r.ReadString();
                    break;
                case (3, WireType.LengthDelimited):
                    owner["name"] = r.ReadString();
                    break;
                case (4, WireType.LengthDelimited):
                    owner["uid"] = r.ReadString();
                    break;
                case (5, WireType.LengthDelimited):
                    owner["apiVersion"] = r.ReadString();
                    break;
                case (6, WireType.Varint):
                    owner["controller"] = r.ReadBool();
                    break;
                case (7, WireType.Varint):
                    owner["blockOwnerDeletion"] = r.ReadBool();
                    break;
                default:
                    r.Skip(field, wireType);
                    break;
            }
        }
        return owner;
    }

    public static JsonObject LabelSelector(ProtobufReader r)
    {
        var selector = new JsonObject();
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited):
                    MapEntry(selector, "matchLabels", r.ReadMessage());
                    break;
                case (2, WireType.LengthDelimited):
                    Append(selector, "matchExpressions", LabelSelectorRequirement(r.ReadMessage()));
                    break;
                default:
                    r.Skip(field, wireType);
                    break;
            }
        }
        return selector;
    }

    private static JsonObject LabelSelectorRequirement(ProtobufReader r)
    {
        var requirement = new JsonObject();
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited):
                    requirement["key"] = r.ReadString();
                    break;
                case (2, WireType.LengthDelimited):
                    requirement["operator"] = r.ReadString();
                    break;
                case (3, WireType.LengthDelimited):
                    Append(requirement, "values", r.ReadString());
                    break;
                default:
                    r.Skip(field, wireType);
                    break;
            }
        }
        return requirement;
    }
}
