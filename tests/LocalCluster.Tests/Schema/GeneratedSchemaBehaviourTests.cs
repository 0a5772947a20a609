using System.Text.Json.Nodes;
using DynamoMcp.Api.Crds;
using DynamoMcp.LocalCluster.Schema;

namespace DynamoMcp.LocalCluster.Tests.Schema;

/// <summary>The schema engine on the real generated CRDs: what a user of LocalCluster sees for common mistakes.</summary>
public sealed class GeneratedSchemaBehaviourTests
{
    private static JsonObject SchemaOf(string kind) => CrdGenerator.GenerateSchema(CrdGenerator.Kinds.Single(k => k.Kind == kind));

    private static IReadOnlyList<string> Admit(string kind, string json)
    {
        var schema = SchemaOf(kind);
        var value = JsonNode.Parse(json)!;
        SchemaPruner.Prune(value, schema);
        SchemaDefaulter.ApplyDefaults(value, schema);
        return SchemaValidator.Validate(value, schema).Select(e => e.ToString()).ToList();
    }

    public static TheoryData<string, string, string[]> Cases => new()
    {
        { "McpServer", """{"spec": {"image": "mcp/everything", "transport": "grpc"}}""", ["spec.transport: Unsupported value: \"grpc\": supported values: \"stdio\", \"streamable-http\", \"sse\""] },
        { "McpServer", """{"spec": {"image": "mcp/everything", "port": "http"}}""", ["spec.port: Invalid value: \"string\": spec.port in body must be of type integer: \"string\""] },
        { "McpServer", """{"spec": {"image": "x", "resources": {"limits": {"cpu": "lots"}}}}""", ["spec.resources.limits.cpu: Invalid value: \"lots\": spec.resources.limits.cpu in body should match '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$'"] },
        { "McpServer", """{"spec": {"image": "x", "resources": {"limits": {"cpu": 2, "memory": "1Gi"}}}}""", [] },
        { "McpServer", """{"spec": {"image": "x", "env": [{"value": "1"}]}}""", ["spec.env[0].name: Required value"] },
        { "McpServer", """{"spec": {"remote": {}}}""", ["spec.remote.url: Required value"] },
        { "McpServer", """{"spec": {"remote": {"url": "ftp://x"}}}""", ["spec.remote.url: Invalid value: \"ftp://x\": spec.remote.url in body should match '^https?://.+$'"] },
        { "McpServer", """{}""", ["spec: Required value"] },
        { "CookiecutterTemplate", """{"spec": {"source": {"git": {}}}}""", ["spec.source.git.url: Required value"] },
        { "CookiecutterTemplate", """{"spec": {"source": {"git": {"url": "https://github.com/a/b"}}, "refreshInterval": "every hour"}}""", ["spec.refreshInterval: Invalid value: \"every hour\": spec.refreshInterval in body should match '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$'"] },
        { "Workflow", """{"spec": {"steps": []}}""", ["spec.steps: Invalid value: []: spec.steps in body should have at least 1 items"] },
        { "Workflow", """{"spec": {"steps": [{"name": "a", "container": {"image": "x"}}, {"name": "a", "container": {"image": "y"}}]}}""", ["spec.steps[1]: Duplicate value: {\"name\":\"a\"}"] },
        { "Workflow", """{"spec": {"steps": [{"name": "Bad_Name", "container": {"image": "x"}}]}}""", ["spec.steps[0].name: Invalid value: \"Bad_Name\": spec.steps[0].name in body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'"] },
        { "Scaffold", """{"spec": {"templateRef": {"name": "t"}, "variables": {"anything": {"goes": [1, null]}}}}""", [] },
        { "WorkflowRun", """{"spec": {"workflowRef": {}}}""", ["spec.workflowRef.name: Required value"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Admission_errors_read_like_the_api_servers(string kind, string json, string[] expected) =>
        Admit(kind, json).Should().BeEquivalentTo(expected);

    [Fact]
    public void McpServer_defaults_transport_port_and_path()
    {
        var schema = SchemaOf("McpServer");
        var value = JsonNode.Parse("""{"spec": {"image": "mcp/everything"}}""")!;

        SchemaDefaulter.ApplyDefaults(value, schema);

        value["spec"]!.ToJsonString().Should().Be("""{"image":"mcp/everything","path":"/mcp","port":8080,"transport":"streamable-http"}""");
    }

    [Fact]
    public void Cel_rules_are_not_evaluated_so_both_sources_pass_the_schema_engine()
    {
        // The API server would reject this with "exactly one of git or archive must be set"; LocalCluster cannot.
        Admit("CookiecutterTemplate", """{"spec": {"source": {"git": {"url": "https://x/y"}, "archive": {"url": "https://x/y.zip"}}}}""")
            .Should().BeEmpty();
    }

    [Fact]
    public void Status_conditions_must_have_the_metav1_shape()
    {
        Admit("Scaffold", """{"spec": {"templateRef": {"name": "t"}}, "status": {"conditions": [{"type": "Ready", "status": "Maybe", "reason": "", "message": "m", "lastTransitionTime": "2025-01-01T00:00:00Z"}]}}""")
            .Should().BeEquivalentTo(
                "status.conditions[0].status: Unsupported value: \"Maybe\": supported values: \"True\", \"False\", \"Unknown\"",
                "status.conditions[0].reason: Invalid value: \"\": status.conditions[0].reason in body should be at least 1 chars long",
                "status.conditions[0].reason: Invalid value: \"\": status.conditions[0].reason in body should match '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$'");
    }
}
