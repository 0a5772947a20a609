using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster.Resources;

namespace DynamoMcp.LocalCluster.Protobuf;

/// <summary>
/// Turns a <c>application/vnd.kubernetes.protobuf</c> request body into the JSON object the JSON path would have read.
/// kubectl's typed create generators (namespace, configmap, secret, serviceaccount, role, ...) send only protobuf and
/// do not fall back to JSON on a 415, so these kinds are decoded; any other kind gets a 415 that names the workaround.
/// </summary>
internal static class KubernetesProtobuf
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    // "k8s\0": the prefix apimachinery's protobuf serializer puts before the runtime.Unknown envelope.
    private static ReadOnlySpan<byte> Magic => [0x6b, 0x38, 0x73, 0x00];

    private delegate void Decoder(ProtobufReader reader, JsonObject target);

    private static readonly Dictionary<(string ApiVersion, string Kind), Decoder> Decoders = new()
    {
        [("v1", "Namespace")] = CoreV1Decoder.Namespace,
        [("v1", "ConfigMap")] = CoreV1Decoder.ConfigMap,
        [("v1", "Secret")] = CoreV1Decoder.Secret,
        [("v1", "ServiceAccount")] = CoreV1Decoder.ServiceAccount,
        [("rbac.authorization.k8s.io/v1", "Role")] = (r, t) => RbacV1Decoder.Role(r, t, clusterRole: false),
        [("rbac.authorization.k8s.io/v1", "ClusterRole")] = (r, t) => RbacV1Decoder.Role(r, t, clusterRole: true),
        [("rbac.authorization.k8s.io/v1", "RoleBinding")] = RbacV1Decoder.Binding,
        [("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")] = RbacV1Decoder.Binding,
        [("authentication.k8s.io/v1", "TokenRequest")] = AuthenticationV1Decoder.TokenRequest,
        [("authentication.k8s.io/v1", "TokenReview")] = AuthenticationV1Decoder.TokenReview,
    };

    /// <summary>
    /// Decodes the body. A body without the "k8s\0" prefix is a 400: the media type is one this server reads, the
    /// bytes are just not in it. Truncated or otherwise malformed protobuf is a 400; a kind without a decoder is a 415.
    /// </summary>
    public static JsonObject Decode(ReadOnlyMemory<byte> body)
    {
        if (body.Length < Magic.Length || !body.Span[..Magic.Length].SequenceEqual(Magic))
        {
            throw StatusBodies.BadRequest($"the request body is labelled {MediaType} but does not start with the Kubernetes protobuf prefix \"k8s\\0\"; send a Kubernetes protobuf envelope, or the object as application/json");
        }
        try
        {
            var (apiVersion, kind, raw, encoding) = ReadEnvelope(new ProtobufReader(body[Magic.Length..]));
            if (kind.Length == 0)
            {
                throw new ProtobufFormatException("the envelope names no kind (runtime.Unknown typeMeta.kind is empty)");
            }
            if (!Decoders.TryGetValue((apiVersion, kind), out var decoder))
            {
                throw new ApiException(415, "UnsupportedMediaType",
                    $"this local cluster reads {MediaType} bodies only for {string.Join(", ", Decoders.Keys.Select(k => k.Kind))}, not {kind} ({(apiVersion.Length == 0 ? "no apiVersion" : apiVersion)}); "
                    + "send it as JSON or YAML instead: `kubectl create ... --dry-run=client -o yaml | kubectl apply -f -`, or `kubectl apply -f <file>`");
            }
            if (encoding.Length > 0)
            {
                throw new ApiException(415, "UnsupportedMediaType", $"the protobuf envelope's contentEncoding is \"{encoding}\"; this local cluster reads only unencoded bodies, send the object without content encoding");
            }
            var result = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
            decoder(new ProtobufReader(raw), result);
            result["metadata"] ??= new JsonObject();
            return result;
        }
        catch (ProtobufFormatException ex)
        {
            throw StatusBodies.BadRequest($"the request body is not valid Kubernetes protobuf: {ex.Message}");
        }
    }

    // runtime.Unknown {1: typeMeta {1: apiVersion, 2: kind}, 2: raw, 3: contentEncoding, 4: contentType}.
    private static (string ApiVersion, string Kind, ReadOnlyMemory<byte> Raw, string ContentEncoding) ReadEnvelope(ProtobufReader r)
    {
        var apiVersion = "";
        var kind = "";
        var raw = ReadOnlyMemory<byte>.Empty;
        var encoding = "";
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited):
                    var typeMeta = r.ReadMessage();
                    while (typeMeta.TryReadTag(out var f, out var t))
                    {
                        switch (f, t)
                        {
                            case (1, WireType.LengthDelimited):
                                apiVersion = typeMeta.ReadString();
                                break;
                            case (2, WireType.LengthDelimited):
                                kind = typeMeta.ReadString();
                                break;
                            default:
                                typeMeta.Skip(f, t);
                                break;
                        }
                    }
                    break;
                case (2, WireType.LengthDelimited):
                    raw = r.ReadBytes();
                    break;
                case (3, WireType.LengthDelimited):
                    encoding = r.ReadString();
                    break;
                default:
                    r.Skip(field, wireType);
                    break;
            }
        }
        return (apiVersion, kind, raw, encoding);
    }
}
