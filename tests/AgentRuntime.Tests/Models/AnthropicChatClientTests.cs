using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using DynamoMcp.AgentRuntime.Loop;
using DynamoMcp.AgentRuntime.Models;
using DynamoMcp.AgentRuntime.Tests.Fixtures;
using DynamoMcp.AgentRuntime.Tools;
using DynamoMcp.Api.Agents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.AgentRuntime.Tests.Models;

/// <summary>The <c>anthropic</c> provider (the official SDK's IChatClient) through the loop, against a scripted Messages API endpoint.</summary>
public sealed class AnthropicChatClientTests
{
    [Fact]
    public async Task The_loop_calls_a_tool_and_answers_over_the_Messages_API()
    {
        var requests = new ConcurrentQueue<(string Path, string? ApiKey, string? Authorization, JsonObject Body)>();
        var answers = new Queue<string>(
        [
            """{"id":"msg_1","type":"message","role":"assistant","model":"claude-test","content":[{"type":"tool_use","id":"toolu_1","name":"add","input":{"a":2,"b":3}}],"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":30,"output_tokens":7}}""",
            """{"id":"msg_2","type":"message","role":"assistant","model":"claude-test","content":[{"type":"text","text":"5"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":45,"output_tokens":2}}""",
        ]);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapPost("/v1/messages", async (HttpContext context) =>
        {
            var body = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!.AsObject();
            requests.Enqueue((context.Request.Path, context.Request.Headers["x-api-key"].FirstOrDefault(), context.Request.Headers.Authorization.FirstOrDefault(), body));
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answers.Dequeue(), context.RequestAborted);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        var config = TestConfigs.Agent() with { Provider = "anthropic", Endpoint = endpoint, Model = "claude-test", MaxOutputTokens = 512, Deadline = DateTime.UtcNow.AddHours(1) };
        using var chat = ChatClientFactory.Create(config, "sk-ant-test");
        var tools = new FakeToolInvoker().With("add", _ => new ToolResult("5", IsError: false));
        var sink = new ListEventSink();

        var result = await new AgentLoop(chat, tools, config, TimeProvider.System, sink).RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(AgentOutcomes.Succeeded, result.Message);
        result.Text.Should().Be("5");
        result.PromptTokens.Should().Be(75);
        result.CompletionTokens.Should().Be(9);
        tools.Calls.Should().ContainSingle().Which.Name.Should().Be("add");
        var sent = requests.ToArray();
        sent.Should().HaveCount(2);
        // SDK 13.14 sends the API key as `Authorization: Bearer` (its docs say so); older ones sent `x-api-key`.
        (sent[0].Authorization == "Bearer sk-ant-test" || sent[0].ApiKey == "sk-ant-test").Should().BeTrue($"the key is sent (x-api-key `{sent[0].ApiKey}`, authorization `{sent[0].Authorization}`)");
        sent[0].Body["model"]!.GetValue<string>().Should().Be("claude-test");
        sent[0].Body["max_tokens"]!.GetValue<int>().Should().Be(512);
        sent[0].Body["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Should().Equal("add");
        var toolResult = sent[1].Body["messages"]!.AsArray().Last()!["content"]!.AsArray().Single()!;
        toolResult["type"]!.GetValue<string>().Should().Be("tool_result");
        toolResult["tool_use_id"]!.GetValue<string>().Should().Be("toolu_1");
        toolResult.ToJsonString().Should().Contain("5");
    }
}
