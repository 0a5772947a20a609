using System.Text.Json.Nodes;
using static DynamoMcp.LocalCluster.Protobuf.ProtobufJson;

namespace DynamoMcp.LocalCluster.Protobuf;

/// <summary>Decodes the k8s.io/api/core/v1 kinds kubectl's create generators send (field numbers from its generated.proto).</summary>
internal static class CoreV1Decoder
{
    public static void Namespace(ProtobufReader r, JsonObject target)
    {
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited):
                    target["metadata"] = MetaV1Decoder.ObjectMeta(r.ReadMessage());
                    break;
                case (2, WireType.LengthDelimited):
                    // NamespaceSpec {1: finalizers}
                    var spec = new JsonObject();
                    var specReader = r.ReadMessage();
                    while (specReader.TryReadTag(out var f, out var t))
                    {
                        if ((f, t) == (1, WireType.LengthDelimited))
                        {
                            Append(spec, "finalizers", specReader.ReadString());
                        }
                        else
                        {
                            specReader.Skip(f, t);
                        }
                    }
                    SetObject(target, "spec", spec);
                    break;
                default:
                    // status (3) is the server's to write.
                    r.Skip(field, wireType);
                    break;
            }
        }
    }

    public static void ConfigMap(ProtobufReader r, JsonObject target)
    {
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited):
                    target["metadata"] = MetaV1Decoder.ObjectMeta(r.ReadMessage());
                    break;
                case (2, WireType.LengthDelimited):
                    MapEntry(target, "data", r.ReadMessage());
                    break;
                case (3, WireType.LengthDelimited):
                    MapEntry(target, "binaryData", r.ReadMessage(), bytesValue: true);
                    break;
                case (4, WireType.Varint):
                    target["immutable"] = r.ReadBool();
                    break;
                default:
                    r.Skip(field, wireType);
                    break;
            }
        }
    }

    public static void Secret(ProtobufReader r, JsonObject target)
    {
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited):
                    target["metadata"] = MetaV1Decoder.ObjectMeta(r.ReadMessage());
                    break;
                case (2, WireType.LengthDelimited):
                    MapEntry(target, "data", r.ReadMessage(), bytesValue: true);
                    break;
                case (3, WireType.LengthDelimited):
                    SetString(target, "type", r.ReadString());
                    break;
                case (4, WireType.LengthDelimited):
                    MapEntry(target, "stringData", r.ReadMessage());
                    break;
                case (5, WireType.Varint):
                    target["immutable"] = r.ReadBool();
                    break;
                default:
                    r.Skip(field, wireType);
                    break;
            }
        }
    }

    public static void ServiceAccount(ProtobufReader r, JsonObject target)
    {
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited):
                    target["metadata"] = MetaV1Decoder.ObjectMeta(r.ReadMessage());
                    break;
                case (2, WireType.LengthDelimited):
                    Append(target, "secrets", ObjectReference(r.ReadMessage()));
                    break;
                case (3, WireType.LengthDelimited):
                    // LocalObjectReference {1: name}
                    var reference = new JsonObject();
                    var referenceReader = r.ReadMessage();
                    while (referenceReader.TryReadTag(out var f, out var t))
                    {
                        if ((f, t) == (1, WireType.LengthDelimited))
                        {
                            SetString(reference, "name", referenceReader.ReadString());
                        }
                        else
                        {
                            referenceReader.Skip(f, t);
                        }
                    }
                    Append(target, "imagePullSecrets", reference);
                    break;
                case (4, WireType.Varint):
                    target["automountServiceAccountToken"] = r.ReadBool();
                    break;
                default:
                    r.Skip(field, wireType);
                    break;
            }
        }
    }

    // ObjectReference {1: kind, 2: namespace, 3: name, 4: uid, 5: apiVersion, 6: resourceVersion, 7: fieldPath}.
    private static readonly string[] ObjectReferenceFields = ["kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"];

    private static JsonObject ObjectReference(ProtobufReader r) => StringFields(r, new JsonObject(), ObjectReferenceFields, SetString);
}
