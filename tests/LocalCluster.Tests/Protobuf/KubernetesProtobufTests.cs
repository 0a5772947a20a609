using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster.Protobuf;
using DynamoMcp.LocalCluster.Resources;

namespace DynamoMcp.LocalCluster.Tests.Protobuf;

public sealed class KubernetesProtobufTests
{
    private static ProtobufWriter FullMetadata() => new ProtobufWriter()
        .String(1, "cm1")
        .String(2, "")
        .String(3, "team-a")
        .String(4, "/selfLink/is/dropped")
        .String(5, "uid-1")
        .String(6, "42")
        .Varint(7, 3)
        .Message(8, new ProtobufWriter().Varint(1, 1_700_000_000))
        .Message(9, new ProtobufWriter())
        .MapEntry(11, "app", "web")
        .MapEntry(11, "tier", "front")
        .MapEntry(12, "note", "hello")
        .Message(13, new ProtobufWriter().String(1, "Deployment").String(3, "web").String(4, "owner-uid").String(5, "apps/v1").Varint(6, 1).Varint(7, 0))
        .String(14, "example.com/hold")
        .String(14, "example.com/second")
        .Message(17, new ProtobufWriter().String(1, "kubectl-create"))
        .Varint(99, 1);

    [Fact]
    public void Decodes_object_meta_and_config_map_into_kubernetes_json()
    {
        var body = ProtobufWriter.Envelope("v1", "ConfigMap", new ProtobufWriter()
            .Message(1, FullMetadata())
            .MapEntry(2, "a", "b")
            .Message(3, new ProtobufWriter().String(1, "bin").Bytes(2, [0x00, 0xFF]))
            .Varint(4, 1)
            .String(50, "a field from a newer kubectl"));

        var json = KubernetesProtobuf.Decode(body);

        var expected = JsonNode.Parse("""
            {
              "apiVersion": "v1", "kind": "ConfigMap",
              "metadata": {
                "name": "cm1", "namespace": "team-a", "uid": "uid-1", "resourceVersion": "42", "generation": 3,
                "creationTimestamp": "2023-11-14T22:13:20Z",
                "labels": { "app": "web", "tier": "front" },
                "annotations": { "note": "hello" },
                "ownerReferences": [{ "kind": "Deployment", "name": "web", "uid": "owner-uid", "apiVersion": "apps/v1", "controller": true, "blockOwnerDeletion": false }],
                "finalizers": ["example.com/hold", "example.com/second"]
              },
              "data": { "a": "b" },
              "binaryData": { "bin": "AP8=" },
              "immutable": true
            }
            """);
        JsonNode.DeepEquals(json, expected).Should().BeTrue($"decoded {json.ToJsonString()}");
    }

    [Fact]
    public void Secret_bytes_become_base64_and_string_data_stays_text()
    {
        var body = ProtobufWriter.Envelope("v1", "Secret", new ProtobufWriter()
            .Message(1, new ProtobufWriter().String(1, "s1"))
            .Message(2, new ProtobufWriter().String(1, "k").Bytes(2, "v"u8.ToArray()))
            .String(3, "Opaque")
            .MapEntry(4, "plain", "text"));

        var json = KubernetesProtobuf.Decode(body);

        json["data"]!["k"]!.GetValue<string>().Should().Be("dg==");
        json["stringData"]!["plain"]!.GetValue<string>().Should().Be("text");
        json["type"]!.GetValue<string>().Should().Be("Opaque");
    }

    [Fact]
    public void A_kind_without_a_decoder_is_a_415_that_names_it_and_the_workaround()
    {
        var body = ProtobufWriter.Envelope("apps/v1", "Deployment", new ProtobufWriter().Message(1, new ProtobufWriter().String(1, "d")));

        var ex = FluentActions.Invoking(() => KubernetesProtobuf.Decode(body)).Should().Throw<ApiException>().Which;

        ex.Code.Should().Be(415);
        ex.Message.Should().Contain("Deployment (apps/v1)").And.Contain("--dry-run=client -o yaml | kubectl apply -f -").And.Contain("kubectl apply -f");
    }

    [Fact]
    public void A_body_without_the_k8s_prefix_is_a_400()
    {
        // The media type is one this server reads, so a body not in it is the client's mistake (400), not an unsupported type (415).
        var ex = FluentActions.Invoking(() => KubernetesProtobuf.Decode("""{"kind":"ConfigMap"}"""u8.ToArray())).Should().Throw<ApiException>().Which;
        ex.Code.Should().Be(400);
        ex.Message.Should().Contain("k8s\\0");
    }

    [Fact]
    public void Truncated_protobuf_is_a_400_not_a_crash()
    {
        var whole = ProtobufWriter.Envelope("v1", "ConfigMap", new ProtobufWriter().Message(1, FullMetadata()));
        for (var length = 5; length < whole.Length; length += 7)
        {
            var cut = whole[..length];
            var ex = FluentActions.Invoking(() => KubernetesProtobuf.Decode(cut)).Should().Throw<ApiException>().Which;
            ex.Code.Should().Be(400, $"a body cut to {length} bytes");
            ex.Message.Should().StartWith("the request body is not valid Kubernetes protobuf");
        }
    }

    [Fact]
    public void A_corrupt_inner_object_is_a_400()
    {
        var body = ProtobufWriter.Envelope("v1", "Namespace", new ProtobufWriter().Bytes(1, [0x0A, 0x10, 0x61]));
        var ex = FluentActions.Invoking(() => KubernetesProtobuf.Decode(body)).Should().Throw<ApiException>().Which;
        ex.Code.Should().Be(400);
        ex.Message.Should().Contain("claims 16 bytes");
    }
}
