using System.Text.Json.Nodes;
using static DynamoMcp.LocalCluster.Protobuf.ProtobufJson;

namespace DynamoMcp.LocalCluster.Protobuf;

/// <summary>authentication.k8s.io/v1 messages: the TokenRequest <c>kubectl create token</c> sends, and TokenReview.</summary>
internal static class AuthenticationV1Decoder
{
    private static readonly string[] BoundObjectReferenceFields = ["kind", "apiVersion", "name", "uid"];

    // TokenRequest {1: metadata, 2: spec {1: audiences (repeated), 3: boundObjectRef {1: kind, 2: apiVersion, 3: name, 4: uid}, 4: expirationSeconds}}.
    public static void TokenRequest(ProtobufReader r, JsonObject target)
    {
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited):
                    target["metadata"] = MetaV1Decoder.ObjectMeta(r.ReadMessage());
                    break;
                case (2, WireType.LengthDelimited):
                    target["spec"] = TokenRequestSpec(r.ReadMessage());
                    break;
                default:
                    r.Skip(field, wireType);
                    break;
            }
        }
    }

    // TokenReview {1: metadata, 2: spec {1: token, 2: audiences (repeated)}}.
    public static void TokenReview(ProtobufReader r, JsonObject target)
    {
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited):
                    target["metadata"] = MetaV1Decoder.ObjectMeta(r.ReadMessage());
                    break;
                case (2, WireType.LengthDelimited):
                    var spec = new JsonObject();
                    var s = r.ReadMessage();
                    while (s.TryReadTag(out var f, out var t))
                    {
                        switch (f, t)
                        {
                            case (1, WireType.LengthDelimited):
                                SetString(spec, "token", s.ReadString());
                                break;
                            case (2, WireType.LengthDelimited):
                                Append(spec, "audiences", s.ReadString());
                                break;
                            default:
                                s.Skip(f, t);
                                break;
                        }
                    }
                    target["spec"] = spec;
                    break;
                default:
                    r.Skip(field, wireType);
                    break;
            }
        }
    }

    private static JsonObject TokenRequestSpec(ProtobufReader r)
    {
        var spec = new JsonObject();
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited):
                    Append(spec, "audiences", r.ReadString());
                    break;
                case (3, WireType.LengthDelimited):
                    spec["boundObjectRef"] = StringFields(r.ReadMessage(), new JsonObject(), BoundObjectReferenceFields, SetString);
                    break;
                case (4, WireType.Varint):
                    spec["expirationSeconds"] = r.ReadInt64();
                    break;
                default:
                    r.Skip(field, wireType);
                    break;
            }
        }
        return spec;
    }
}
