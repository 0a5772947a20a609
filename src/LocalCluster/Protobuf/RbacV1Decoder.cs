using System.Text.Json.Nodes;
using static DynamoMcp.LocalCluster.Protobuf.ProtobufJson;

namespace DynamoMcp.LocalCluster.Protobuf;

/// <summary>Decodes k8s.io/api/rbac/v1 Role, ClusterRole and their bindings (field numbers from its generated.proto).</summary>
internal static class RbacV1Decoder
{
    /// <summary>Role {1: metadata, 2: rules} and ClusterRole, which adds {3: aggregationRule}.</summary>
    public static void Role(ProtobufReader r, JsonObject target, bool clusterRole)
    {
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited):
                    target["metadata"] = MetaV1Decoder.ObjectMeta(r.ReadMessage());
                    break;
                case (2, WireType.LengthDelimited):
                    Append(target, "rules", PolicyRule(r.ReadMessage()));
                    break;
                case (3, WireType.LengthDelimited) when clusterRole:
                    target["aggregationRule"] = AggregationRule(r.ReadMessage());
                    break;
                default:
                    r.Skip(field, wireType);
                    break;
            }
        }
    }

    /// <summary>RoleBinding and ClusterRoleBinding: {1: metadata, 2: subjects, 3: roleRef}.</summary>
    public static void Binding(ProtobufReader r, JsonObject target)
    {
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited):
                    target["metadata"] = MetaV1Decoder.ObjectMeta(r.ReadMessage());
                    break;
                case (2, WireType.LengthDelimited):
                    Append(target, "subjects", Subject(r.ReadMessage()));
                    break;
                case (3, WireType.LengthDelimited):
                    target["roleRef"] = RoleRef(r.ReadMessage());
                    break;
                default:
                    r.Skip(field, wireType);
                    break;
            }
        }
    }

    // PolicyRule {1: verbs, 2: apiGroups, 3: resources, 4: resourceNames, 5: nonResourceURLs}, all repeated.
    private static readonly string[] PolicyRuleFields = ["verbs", "apiGroups", "resources", "resourceNames", "nonResourceURLs"];

    // RoleRef {1: apiGroup, 2: kind, 3: name}.
    private static readonly string[] RoleRefFields = ["apiGroup", "kind", "name"];

    // verbs has no omitempty in JSON: a rule always shows its list, even an empty one.
    private static JsonObject PolicyRule(ProtobufReader r) =>
        StringFields(r, new JsonObject { ["verbs"] = new JsonArray() }, PolicyRuleFields, (target, name, value) => Append(target, name, value));

    private static JsonObject AggregationRule(ProtobufReader r)
    {
        var rule = new JsonObject();
        while (r.TryReadTag(out var field, out var wireType))
        {
            if ((field, wireType) == (1, WireType.LengthDelimited))
            {
                Append(rule, "clusterRoleSelectors", MetaV1Decoder.LabelSelector(r.ReadMessage()));
            }
            else
            {
                r.Skip(field, wireType);
            }
        }
        return rule;
    }

    private static JsonObject Subject(ProtobufReader r)
    {
        // kind and name have no omitempty in JSON; apiGroup and namespace do.
        var subject = new JsonObject { ["kind"] = "", ["name"] = "" };
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited):
                    subject["kind"] = r.ReadString();
                    break;
                case (2, WireType.LengthDelimited):
                    SetString(subject, "apiGroup", r.ReadString());
                    break;
                case (3, WireType.LengthDelimited):
                    subject["name"] = r.ReadString();
                    break;
                case (4, WireType.LengthDelimited):
                    SetString(subject, "namespace", r.ReadString());
                    break;
                default:
                    r.Skip(field, wireType);
                    break;
            }
        }
        return subject;
    }

    // All three fields lack omitempty in JSON.
    private static JsonObject RoleRef(ProtobufReader r) =>
        StringFields(r, new JsonObject { ["apiGroup"] = "", ["kind"] = "", ["name"] = "" }, RoleRefFields, (target, name, value) => target[name] = value);
}
