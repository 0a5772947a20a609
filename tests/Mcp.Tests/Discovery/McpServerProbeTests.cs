using System.Text.Json.Nodes;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Discovery;
using DynamoMcp.Mcp.Json;
using DynamoMcp.Mcp.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.Mcp.Tests.Discovery;

public sealed class McpServerProbeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly Dictionary<string, string> NoHeaders = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lists_every_page_of_tools_and_counts_prompts_and_resources()
    {
        await using var server = await PagedTestServer.StartAsync();

        var result = await new McpServerProbe().ProbeAsync(new McpEndpoint(server.Url("mcp"), McpTransport.StreamableHttp, NoHeaders), Timeout, Ct);

        result.IsSuccess.Should().BeTrue(result.Message);
        var description = result.Description!;
        description.ServerName.Should().Be("paged-test-server");
        description.ServerVersion.Should().Be("1.2.3");
        description.ProtocolVersion.Should().NotBeEmpty();
        description.Tools.Select(t => t.Name).Should().Equal(Enumerable.Range(0, PagedTestServer.ToolCount).Select(PagedTestServer.ToolName));
        description.PromptCount.Should().Be(PagedTestServer.PromptCount, "both pages of prompts/list count");
        description.ResourceCount.Should().Be(PagedTestServer.ResourceCount);

        var first = description.Tools[0];
        first.Title.Should().Be("Tool 0");
        first.Description.Should().Be("Test tool 0");
        first.Annotations!["readOnlyHint"]!.GetValue<bool>().Should().BeTrue();
        first.InputSchema["required"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("text");
        first.InputSchemaDigest.Should().Be(CanonicalJson.Digest(JsonNode.Parse(PagedTestServer.Schema(0).GetRawText())));
        description.Tools[1].InputSchemaDigest.Should().NotBe(first.InputSchemaDigest, "tool 1's schema says tool 1");
        description.Tools[1].Annotations.Should().BeNull();
    }

    [Fact]
    public async Task Does_not_ask_for_prompts_or_resources_a_server_does_not_offer()
    {
        await using var server = await PagedTestServer.StartAsync(withPrompts: false, withResources: false);

        var result = await new McpServerProbe().ProbeAsync(new McpEndpoint(server.Url("mcp"), McpTransport.StreamableHttp, NoHeaders), Timeout, Ct);

        result.IsSuccess.Should().BeTrue(result.Message);
        result.Description!.PromptCount.Should().BeNull();
        result.Description.ResourceCount.Should().BeNull();
        result.Description.Tools.Should().HaveCount(PagedTestServer.ToolCount);
    }

    [Fact]
    public async Task Sends_the_endpoint_headers_and_never_shows_their_values()
    {
        const string secret = "Bearer s3cr3t-t0ken";
        await using var server = await KestrelHost.StartAsync(
            services => services.AddMcpServer().WithHttpTransport().WithListToolsHandler((_, _) => ValueTask.FromResult(new ModelContextProtocol.Protocol.ListToolsResult { Tools = [] })),
            app =>
            {
                app.Use(async (context, next) =>
                {
                    if (context.Request.Headers.Authorization != secret)
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        return;
                    }

                    await next(context);
                });
                app.MapMcp("/mcp");
            });
        var logs = new CollectingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var probe = new McpServerProbe(loggerFactory);

        var none = await probe.ProbeAsync(new McpEndpoint(server.Url("mcp"), McpTransport.StreamableHttp, NoHeaders), Timeout, Ct);
        var wrong = await probe.ProbeAsync(new McpEndpoint(server.Url("mcp"), McpTransport.StreamableHttp, new Dictionary<string, string> { ["Authorization"] = "Bearer wrong-value" }), Timeout, Ct);
        var right = await probe.ProbeAsync(new McpEndpoint(server.Url("mcp"), McpTransport.StreamableHttp, new Dictionary<string, string> { ["Authorization"] = secret }), Timeout, Ct);

        none.Failure.Should().Be(McpProbeFailureKind.HttpError);
        none.Message.Should().Contain("HTTP 401").And.Contain("set spec.remote.headers from a Secret");
        wrong.Failure.Should().Be(McpProbeFailureKind.HttpError);
        wrong.Message.Should().Contain("HTTP 401").And.Contain("Authorization").And.NotContain("wrong-value");
        right.IsSuccess.Should().BeTrue(right.Message);
        logs.Lines.Should().NotBeEmpty("the probe and the SDK log at trace level");
        logs.Lines.Should().NotContain(l => l.Contains("s3cr3t", StringComparison.Ordinal) || l.Contains("wrong-value", StringComparison.Ordinal), "header values are secrets");
    }

    [Fact]
    public async Task A_wrong_path_is_an_http_404_naming_spec_path()
    {
        await using var server = await PagedTestServer.StartAsync();
        var url = server.Url("not-mcp");

        var result = await new McpServerProbe().ProbeAsync(new McpEndpoint(url, McpTransport.StreamableHttp, NoHeaders), Timeout, Ct);

        result.Failure.Should().Be(McpProbeFailureKind.HttpError);
        result.Message.Should().Be($"HTTP 404 at {url}: nothing serves MCP at this path; check spec.path (or the remote URL)");
    }

    [Fact]
    public async Task An_initialize_error_carries_the_server_message()
    {
        await using var server = await KestrelHost.StartAsync(_ => { }, app => app.MapPost("/mcp", async context =>
        {
            var request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            if (request?["id"] is null)
            {
                context.Response.StatusCode = StatusCodes.Status202Accepted;
                return;
            }

            var error = new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = request["id"]!.DeepClone(),
                ["error"] = new JsonObject { ["code"] = -32603, ["message"] = "the database URL is not configured" },
            };
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(error.ToJsonString(), context.RequestAborted);
        }));

        var result = await new McpServerProbe().ProbeAsync(new McpEndpoint(server.Url("mcp"), McpTransport.StreamableHttp, NoHeaders), Timeout, Ct);

        result.Failure.Should().Be(McpProbeFailureKind.InitializeFailed);
        result.Message.Should().StartWith("initialize failed: ").And.Contain("the database URL is not configured");
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_within_the_timeout()
    {
        await using var server = await KestrelHost.StartAsync(_ => { }, app => app.MapPost("/mcp", async context =>
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, context.RequestAborted)));

        var result = await new McpServerProbe().ProbeAsync(new McpEndpoint(server.Url("mcp"), McpTransport.StreamableHttp, NoHeaders), TimeSpan.FromSeconds(2), Ct);

        result.Failure.Should().Be(McpProbeFailureKind.TimedOut);
        result.Message.Should().StartWith("no answer within 2s from http://127.0.0.1:");
    }

    [Fact]
    public async Task A_closed_port_is_unreachable_naming_the_port()
    {
        var port = FreePort.Next();
        var url = new Uri($"http://127.0.0.1:{port}/mcp");

        var result = await new McpServerProbe().ProbeAsync(new McpEndpoint(url, McpTransport.StreamableHttp, NoHeaders), Timeout, Ct);

        result.Failure.Should().Be(McpProbeFailureKind.Unreachable);
        result.Message.Should().Be($"connection refused at {url}: the server is not listening on port {port} yet");
    }

    [Fact]
    public async Task An_answer_that_is_not_mcp_is_a_protocol_error()
    {
        await using var server = await KestrelHost.StartAsync(_ => { }, app => app.MapPost("/mcp", () => Results.Content("<html>hello</html>", "text/html")));

        var result = await new McpServerProbe().ProbeAsync(new McpEndpoint(server.Url("mcp"), McpTransport.StreamableHttp, NoHeaders), Timeout, Ct);

        result.Failure.Should().Be(McpProbeFailureKind.ProtocolError, result.Message);
        result.Message.Should().Contain(server.Url("mcp").ToString());
    }

    [Fact]
    public async Task The_message_hides_the_query_and_user_info_of_the_url()
    {
        var port = FreePort.Next();

        var result = await new McpServerProbe().ProbeAsync(
            new McpEndpoint(new Uri($"http://user:pass@127.0.0.1:{port}/mcp?api_key=k3y"), McpTransport.StreamableHttp, NoHeaders), Timeout, Ct);

        result.Message.Should().NotContain("k3y").And.NotContain("pass").And.Contain($"http://127.0.0.1:{port}/mcp");
    }
}
