using k8s;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using static DynamoMcp.LocalCluster.Tests.TestCluster;

namespace DynamoMcp.LocalCluster.Tests.Protobuf;

/// <summary>Protobuf bodies over HTTP: what the server stores, and the Status it answers for bodies it cannot read.</summary>
public sealed class ProtobufRequestTests
{
    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");
        return await http.PostAsync(path, content, Ct);
    }

    [Fact]
    public async Task A_protobuf_config_map_with_labels_and_annotations_is_stored_as_sent()
    {
        await using var server = await StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseUri, Timeout = TimeSpan.FromSeconds(60) };
        var body = ProtobufWriter.Envelope("v1", "ConfigMap", new ProtobufWriter()
            .Message(1, new ProtobufWriter().String(1, "labelled").MapEntry(11, "team", "blue").MapEntry(12, "note", "from protobuf").String(14, "example.com/keep"))
            .MapEntry(2, "k", "v"));

        using var response = await PostAsync(http, "/api/v1/namespaces/default/configmaps", body);

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        var cm = await server.CreateClient().CoreV1.ReadNamespacedConfigMapAsync("labelled", "default", cancellationToken: Ct);
        cm.Metadata.Labels.Should().BeEquivalentTo(new Dictionary<string, string> { ["team"] = "blue" });
        cm.Metadata.Annotations.Should().ContainKey("note").WhoseValue.Should().Be("from protobuf");
        cm.Metadata.Finalizers.Should().Equal("example.com/keep");
        cm.Data["k"].Should().Be("v");
    }

    [Theory]
    [InlineData(new byte[] { 0x6b, 0x38, 0x73, 0x00, 0x0A, 0x40, 0x0A }, 400, "claims 64 bytes")]
    [InlineData(new byte[] { 0x6b, 0x38, 0x73, 0x00, 0xFF }, 400, "ends inside a varint")]
    [InlineData(new byte[] { 0x7b, 0x7d }, 400, "k8s\\0")]
    public async Task Unreadable_bodies_get_a_status_saying_why_and_the_server_keeps_serving(byte[] body, int code, string expected)
    {
        await using var server = await StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseUri, Timeout = TimeSpan.FromSeconds(60) };

        using var response = await PostAsync(http, "/api/v1/namespaces/default/configmaps", body);

        ((int)response.StatusCode).Should().Be(code);
        var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        status.GetProperty("kind").GetString().Should().Be("Status");
        status.GetProperty("message").GetString().Should().Contain(expected);
        (await http.GetAsync("/api/v1/namespaces/default/configmaps", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
