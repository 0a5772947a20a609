using System.Net;
using k8s;
using static DynamoMcp.LocalCluster.Tests.TestCluster;

namespace DynamoMcp.LocalCluster.Tests.Schema;

public sealed class SchemaAdmissionTests
{
    private static Dictionary<string, object> Raw(object spec) => new()
    {
        ["apiVersion"] = "example.com/v1",
        ["kind"] = "Widget",
        ["metadata"] = new Dictionary<string, object> { ["name"] = "w" },
        ["spec"] = spec,
    };

    [Fact]
    public async Task Unknown_fields_are_pruned_and_defaults_applied()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        await CreateWidgetCrdAsync(client);
        var created = AsJson(await client.CustomObjects.CreateNamespacedCustomObjectAsync(
            Raw(new Dictionary<string, object> { ["color"] = "red" }), "example.com", "v1", "default", "widgets", cancellationToken: Ct));
        created.GetProperty("spec").TryGetProperty("color", out _).Should().BeFalse();
        created.GetProperty("spec").GetProperty("size").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Strict_field_validation_rejects_unknown_fields()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        await CreateWidgetCrdAsync(client);
        var (code, status) = await FailureOf(() => client.CustomObjects.CreateNamespacedCustomObjectAsync(
            Raw(new Dictionary<string, object> { ["color"] = "red" }), "example.com", "v1", "default", "widgets", fieldValidation: "Strict", cancellationToken: Ct));
        code.Should().Be(HttpStatusCode.BadRequest);
        status.GetProperty("message").GetString().Should().Contain("strict decoding error: unknown field \"spec.color\"");
    }

    [Fact]
    public async Task Schema_violations_are_422_with_causes()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        await CreateWidgetCrdAsync(client);
        var (code, status) = await FailureOf(() => client.CustomObjects.CreateNamespacedCustomObjectAsync(
            Raw(new Dictionary<string, object> { ["size"] = -3 }), "example.com", "v1", "default", "widgets", cancellationToken: Ct));
        ((int)code).Should().Be(422);
        status.GetProperty("reason").GetString().Should().Be("Invalid");
        status.GetProperty("message").GetString().Should().StartWith("Widget.example.com \"w\" is invalid: spec.size");
        var cause = status.GetProperty("details").GetProperty("causes")[0];
        cause.GetProperty("field").GetString().Should().Be("spec.size");
    }
}
