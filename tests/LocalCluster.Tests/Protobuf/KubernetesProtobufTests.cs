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
    public void Service_account_references_and_namespace_spec_decode_and_namespace_status_is_left_to_the_server()
    {
        var account = KubernetesProtobuf.Decode(ProtobufWriter.Envelope("v1", "ServiceAccount", new ProtobufWriter()
            .Message(1, new ProtobufWriter().String(1, "sa1").String(3, "default"))
            .Message(2, new ProtobufWriter().String(1, "Secret").String(2, "default").String(3, "token").String(7, ""))
            .Message(3, new ProtobufWriter().String(1, "pull"))
            .Varint(4, 0)));
        var expectedAccount = JsonNode.Parse("""
            {
              "apiVersion": "v1", "kind": "ServiceAccount",
              "metadata": { "name": "sa1", "namespace": "default" },
              "secrets": [{ "kind": "Secret", "namespace": "default", "name": "token" }],
              "imagePullSecrets": [{ "name": "pull" }],
              "automountServiceAccountToken": false
            }
            """);
        JsonNode.DeepEquals(account, expectedAccount).Should().BeTrue($"decoded {account.ToJsonString()}");

        var ns = KubernetesProtobuf.Decode(ProtobufWriter.Envelope("v1", "Namespace", new ProtobufWriter()
            .Message(1, new ProtobufWriter().String(1, "team-a").Message(8, new ProtobufWriter()))
            .Message(2, new ProtobufWriter().String(1, "kubernetes"))
            .Message(3, new ProtobufWriter().String(1, "Terminating"))));
        var expectedNs = JsonNode.Parse("""
            { "apiVersion": "v1", "kind": "Namespace", "metadata": { "name": "team-a" }, "spec": { "finalizers": ["kubernetes"] } }
            """);
        JsonNode.DeepEquals(ns, expectedNs).Should().BeTrue($"decoded {ns.ToJsonString()}");
    }

    [Fact]
    public void Cluster_role_aggregation_selectors_and_binding_refs_decode()
    {
        var role = KubernetesProtobuf.Decode(ProtobufWriter.Envelope("rbac.authorization.k8s.io/v1", "ClusterRole", new ProtobufWriter()
            .Message(1, new ProtobufWriter().String(1, "agg"))
            .Message(3, new ProtobufWriter().Message(1, new ProtobufWriter()
                .MapEntry(1, "team", "a")
                .Message(2, new ProtobufWriter().String(1, "tier").String(2, "In").String(3, "x").String(3, "y"))))));
        var expectedRole = JsonNode.Parse("""
            {
              "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": { "name": "agg" },
              "aggregationRule": { "clusterRoleSelectors": [{ "matchLabels": { "team": "a" }, "matchExpressions": [{ "key": "tier", "operator": "In", "values": ["x", "y"] }] }] }
            }
            """);
        JsonNode.DeepEquals(role, expectedRole).Should().BeTrue($"decoded {role.ToJsonString()}");

        var binding = KubernetesProtobuf.Decode(ProtobufWriter.Envelope("rbac.authorization.k8s.io/v1", "RoleBinding", new ProtobufWriter()
            .Message(1, new ProtobufWriter().String(1, "rb"))
            .Message(2, new ProtobufWriter().String(1, "ServiceAccount").String(2, "").String(3, "sa1").String(4, "default"))
            .Message(3, new ProtobufWriter().String(1, "rbac.authorization.k8s.io").String(2, "Role").String(3, "reader"))));
        var expectedBinding = JsonNode.Parse("""
            {
              "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": { "name": "rb" },
              "subjects": [{ "kind": "ServiceAccount", "name": "sa1", "namespace": "default" }],
              "roleRef": { "apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "reader" }
            }
            """);
        JsonNode.DeepEquals(binding, expectedBinding).Should().BeTrue($"decoded {binding.ToJsonString()}");
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
