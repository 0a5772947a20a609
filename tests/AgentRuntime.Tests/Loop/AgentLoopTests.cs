using System.Text.Json;
using DynamoMcp.AgentRuntime.Loop;
using DynamoMcp.AgentRuntime.Tests.Fixtures;
using DynamoMcp.AgentRuntime.Tools;
using DynamoMcp.Api.Agents;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace DynamoMcp.AgentRuntime.Tests.Loop;

public sealed class AgentLoopTests
{
    private readonly FakeTimeProvider time = new(TestConfigs.Start);
    private readonly ListEventSink sink = new();

    private static FakeToolInvoker Adder() => new FakeToolInvoker()
        .With("add", args => new ToolResult(((JsonElement)args["a"]!).GetInt32() + ((JsonElement)args["b"]!).GetInt32() + "", IsError: false))
        .With("fail", _ => new ToolResult("the disk is full", IsError: true))
        .With("throws", _ => throw new InvalidOperationException("connection reset"));

    private static Dictionary<string, object?> Args(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!.ToDictionary(p => p.Key, p => (object?)p.Value);

    private Task<AgentEvent> RunAsync(ScriptedChatClient model, IToolInvoker tools, AgentRunConfig config) =>
        new AgentLoop(model, tools, config, time, sink).RunAsync(TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_tool_call_round_trip_gives_the_result_to_the_model_which_then_answers()
    {
        var model = new ScriptedChatClient().CallTool("add", Args("""{"a":2,"b":3}"""), callId: "c1").Answer("5", prompt: 20, completion: 2);
        var tools = Adder();

        var result = await RunAsync(model, tools, TestConfigs.Agent());

        tools.Calls.Should().ContainSingle().Which.Name.Should().Be("add");
        ((JsonElement)tools.Calls[0].Arguments["b"]!).GetInt32().Should().Be(3);
        var second = model.Requests[1].Messages;
        second.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Should().ContainSingle().Which.CallId.Should().Be("c1");
        var toolResult = second.Last().Contents.OfType<FunctionResultContent>().Should().ContainSingle().Subject;
        toolResult.CallId.Should().Be("c1");
        toolResult.Result.Should().Be("5");
        second.Last().Role.Should().Be(ChatRole.Tool);

        result.Outcome.Should().Be(AgentOutcomes.Succeeded);
        result.Text.Should().Be("5");
        result.Turn.Should().Be(2);
        result.ToolCalls.Should().Be(1);
        result.PromptTokens.Should().Be(30);
        result.CompletionTokens.Should().Be(7);
        sink.Events.Select(e => e.Kind).Should().Equal(AgentEvent.TurnKind, AgentEvent.TurnKind, AgentEvent.ResultKind);
        sink.Events[0].Tools.Should().Equal("add: ok");
        sink.Events[0].Text.Should().Be("""add({"a":2,"b":3})""");
        sink.Events[1].Tools.Should().BeNull();
    }

    [Fact]
    public async Task The_first_request_has_the_system_prompt_the_goal_the_tools_and_the_options()
    {
        var model = new ScriptedChatClient().Answer("done");
        var config = TestConfigs.Agent("find the answer") with { Temperature = 0.5, MaxOutputTokens = 200, MaxTurns = 7, MaxTokens = 5000 };

        await RunAsync(model, Adder(), config);

        var (messages, options) = model.Requests.Single();
        messages.Select(m => m.Role).Should().Equal(ChatRole.System, ChatRole.User);
        messages[0].Text.Should().Contain("7 turns").And.Contain("5000 tokens").And.Contain("3 tools");
        messages[1].Text.Should().Be("find the answer");
        options!.Tools!.Select(t => t.Name).Should().Equal("add", "fail", "throws");
        options.Temperature.Should().Be(0.5f);
        options.MaxOutputTokens.Should().Be(200);
        options.ModelId.Should().Be("test-model");
    }

    [Fact]
    public async Task A_configured_system_prompt_replaces_the_default_and_no_tools_are_sent_without_tools()
    {
        var model = new ScriptedChatClient().Answer("done");

        await RunAsync(model, NoToolInvoker.Instance, TestConfigs.Agent() with { SystemPrompt = "be brief" });

        model.Requests.Single().Messages[0].Text.Should().Be("be brief");
        model.Requests.Single().Options!.Tools.Should().BeNull();
    }

    [Fact]
    public async Task Usage_over_the_budget_ends_with_BudgetExceeded_after_that_turn_and_its_tools_are_not_called()
    {
        var model = new ScriptedChatClient()
            .CallTool("add", Args("""{"a":1,"b":1}"""), prompt: 40, completion: 10)
            .CallTool("add", Args("""{"a":2,"b":2}"""), prompt: 45, completion: 10)
            .Answer("never");
        var tools = Adder();

        var result = await RunAsync(model, tools, TestConfigs.Agent() with { MaxTokens = 100 });

        result.Outcome.Should().Be(AgentOutcomes.BudgetExceeded);
        result.Turn.Should().Be(2);
        result.PromptTokens.Should().Be(85);
        result.CompletionTokens.Should().Be(20);
        result.Message.Should().Contain("105").And.Contain("100");
        tools.Calls.Should().ContainSingle();
        model.Requests.Should().HaveCount(2);
        sink.Turns.Should().HaveCount(2);
        sink.Events[^1].Should().BeSameAs(result);
    }

    [Fact]
    public async Task A_budget_spent_exactly_ends_before_the_next_call()
    {
        var model = new ScriptedChatClient().CallTool("add", Args("""{"a":1,"b":1}"""), prompt: 60, completion: 40).Answer("never");

        var result = await RunAsync(model, Adder(), TestConfigs.Agent() with { MaxTokens = 100 });

        result.Outcome.Should().Be(AgentOutcomes.BudgetExceeded);
        model.Requests.Should().ContainSingle();
        result.Turn.Should().Be(1);
    }

    [Fact]
    public async Task Reaching_maxTurns_without_an_answer_ends_with_MaxTurnsExceeded()
    {
        var model = new ScriptedChatClient()
            .CallTool("add", Args("""{"a":1,"b":1}"""))
            .CallTool("add", Args("""{"a":1,"b":2}"""))
            .CallTool("add", Args("""{"a":1,"b":3}"""))
            .Answer("never");

        var result = await RunAsync(model, Adder(), TestConfigs.Agent() with { MaxTurns = 3 });

        result.Outcome.Should().Be(AgentOutcomes.MaxTurnsExceeded);
        result.Turn.Should().Be(3);
        result.ToolCalls.Should().Be(3);
        model.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task A_deadline_passed_between_turns_ends_with_DeadlineExceeded_without_another_call()
    {
        var model = new ScriptedChatClient().CallTool("add", Args("""{"a":1,"b":1}""")).Answer("too late");
        model.OnCall = () => time.Advance(TimeSpan.FromMinutes(61));

        var result = await RunAsync(model, Adder(), TestConfigs.Agent());

        result.Outcome.Should().Be(AgentOutcomes.DeadlineExceeded);
        result.Turn.Should().Be(1);
        model.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task A_deadline_already_passed_makes_no_call()
    {
        var model = new ScriptedChatClient().Answer("too late");
        time.Advance(TimeSpan.FromHours(2));

        var result = await RunAsync(model, Adder(), TestConfigs.Agent());

        result.Outcome.Should().Be(AgentOutcomes.DeadlineExceeded);
        result.Turn.Should().Be(0);
        model.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_model_call_still_running_at_the_deadline_is_cancelled_and_ends_with_DeadlineExceeded()
    {
        var hanging = new HangingChatClient(time, TimeSpan.FromHours(1));

        var result = await new AgentLoop(hanging, Adder(), TestConfigs.Agent(), time, sink).RunAsync(TestContext.Current.CancellationToken);

        result.Outcome.Should().Be(AgentOutcomes.DeadlineExceeded);
        hanging.SawCancellation.Should().BeTrue();
    }

    [Fact]
    public async Task A_tool_call_still_running_at_the_deadline_is_cancelled_and_ends_with_DeadlineExceeded()
    {
        var model = new ScriptedChatClient().CallTool("slow").Answer("never");
        var tools = new HangingToolInvoker(time, TimeSpan.FromHours(1));

        var result = await RunAsync(model, tools, TestConfigs.Agent());

        result.Outcome.Should().Be(AgentOutcomes.DeadlineExceeded);
        result.Turn.Should().Be(1);
        tools.SawCancellation.Should().BeTrue();
        model.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task A_model_error_is_retried_once_and_the_run_continues()
    {
        var model = new ScriptedChatClient().Fail(new HttpRequestException("500 Internal Server Error")).Answer("fine");

        var result = await RunAsync(model, Adder(), TestConfigs.Agent());

        result.Outcome.Should().Be(AgentOutcomes.Succeeded);
        result.Text.Should().Be("fine");
        result.Turn.Should().Be(1);
        model.Requests.Should().HaveCount(2);
        model.Requests[1].Messages.Should().HaveCount(2);
    }

    [Fact]
    public async Task Two_model_errors_in_a_row_end_with_ModelError()
    {
        var model = new ScriptedChatClient()
            .Fail(new HttpRequestException("500 Internal Server Error"))
            .Fail(new JsonException("'<' is an invalid start of a value"))
            .Answer("never");

        var result = await RunAsync(model, Adder(), TestConfigs.Agent());

        result.Outcome.Should().Be(AgentOutcomes.ModelError);
        result.Message.Should().Contain("invalid start of a value");
        model.Requests.Should().HaveCount(2);
        sink.Events.Should().ContainSingle().Which.Should().BeSameAs(result);
    }

    [Fact]
    public async Task An_answer_with_neither_text_nor_tool_calls_is_retried_then_a_ModelError()
    {
        var once = new ScriptedChatClient().Empty().Answer("ok");
        (await RunAsync(once, Adder(), TestConfigs.Agent())).Outcome.Should().Be(AgentOutcomes.Succeeded);

        var twice = new ScriptedChatClient().Empty(prompt: 3).Empty(prompt: 4).Answer("never");
        var result = await RunAsync(twice, Adder(), TestConfigs.Agent());
        result.Outcome.Should().Be(AgentOutcomes.ModelError);
        result.Message.Should().Contain("neither text nor a tool call");
        result.PromptTokens.Should().Be(7);
    }

    [Fact]
    public async Task A_tool_error_and_a_throwing_tool_are_fed_back_to_the_model_and_the_run_continues()
    {
        var model = new ScriptedChatClient()
            .Then(() => new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "fail", new Dictionary<string, object?>()), new FunctionCallContent("c2", "throws", new Dictionary<string, object?>())])))
            .Answer("gave up nicely");

        var result = await RunAsync(model, Adder(), TestConfigs.Agent());

        result.Outcome.Should().Be(AgentOutcomes.Succeeded);
        result.ToolCalls.Should().Be(2);
        var results = model.Requests[1].Messages.Last().Contents.OfType<FunctionResultContent>().ToList();
        results.Select(r => r.CallId).Should().Equal("c1", "c2");
        results[0].Result.Should().Be("error: the disk is full");
        results[1].Result.Should().Be("error: connection reset");
        sink.Events[0].Tools.Should().Equal("fail: error: the disk is full", "throws: error: connection reset");
    }

    [Fact]
    public async Task An_invented_tool_is_not_invoked_and_the_model_is_told_which_tools_exist()
    {
        var model = new ScriptedChatClient().CallTool("rm_rf", callId: "c1").Answer("sorry");
        var tools = Adder();

        var result = await RunAsync(model, tools, TestConfigs.Agent());

        result.Outcome.Should().Be(AgentOutcomes.Succeeded);
        tools.Calls.Should().BeEmpty();
        var fed = model.Requests[1].Messages.Last().Contents.OfType<FunctionResultContent>().Single();
        fed.Result.Should().BeOfType<string>().Which.Should().StartWith("error: there is no tool `rm_rf`").And.Contain("add, fail, throws");
        sink.Events[0].Tools.Should().ContainSingle().Which.Should().StartWith("rm_rf: error: there is no tool");
    }

    [Fact]
    public async Task A_final_answer_that_is_a_JSON_object_is_the_structured_result()
    {
        var model = new ScriptedChatClient().Answer("```json\n{\"sum\": 5, \"items\": [1, 2]}\n```");

        var result = await RunAsync(model, Adder(), TestConfigs.Agent());

        result.Structured!["sum"]!.GetValue<int>().Should().Be(5);
        result.Structured["items"]!.AsArray().Should().HaveCount(2);
    }

    [Fact]
    public async Task Long_texts_are_cut_in_turn_and_result_events()
    {
        var model = new ScriptedChatClient().Answer(new string('x', 20_000));

        var result = await RunAsync(model, Adder(), TestConfigs.Agent());

        sink.Events[0].Text!.Length.Should().Be(300);
        sink.Events[0].Text.Should().EndWith("… (cut)");
        result.Text!.Length.Should().Be(16 * 1024);
        result.Text.Should().EndWith("… (cut)");
    }

    [Fact]
    public async Task Cancellation_before_the_deadline_throws_and_emits_no_result()
    {
        using var terminate = new CancellationTokenSource();
        var model = new ScriptedChatClient().CallTool("add", Args("""{"a":1,"b":1}""")).Answer("never");
        model.OnCall = terminate.Cancel;

        var run = () => new AgentLoop(model, Adder(), TestConfigs.Agent(), time, sink).RunAsync(terminate.Token);

        await run.Should().ThrowAsync<OperationCanceledException>();
        sink.Events.Should().NotContain(e => e.Kind == AgentEvent.ResultKind);
    }

    /// <summary>A tool that never returns: it waits for cancellation, after moving the fake clock past the deadline.</summary>
    private sealed class HangingToolInvoker(FakeTimeProvider time, TimeSpan advance) : IToolInvoker
    {
        public bool SawCancellation { get; private set; }

        public IReadOnlyList<AITool> Tools { get; } = [AIFunctionFactory.CreateDeclaration("slow", "never returns", JsonDocument.Parse("{}").RootElement)];

        public async Task<ToolResult> InvokeAsync(string name, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken)
        {
            var wait = Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            time.Advance(advance);
            try
            {
                await wait;
            }
            catch (OperationCanceledException)
            {
                SawCancellation = true;
                throw;
            }

            return new ToolResult("not cancelled", IsError: false);
        }
    }

    /// <summary>A model that never answers: its call waits for cancellation, after moving the fake clock past the deadline.</summary>
    private sealed class HangingChatClient(FakeTimeProvider time, TimeSpan advance) : IChatClient
    {
        public bool SawCancellation { get; private set; }

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var wait = Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            time.Advance(advance);
            try
            {
                await wait;
            }
            catch (OperationCanceledException)
            {
                SawCancellation = true;
                throw;
            }

            throw new InvalidOperationException("not cancelled");
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
