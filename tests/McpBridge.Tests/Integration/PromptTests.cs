using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.McpBridge.Tests.Integration;

[Collection(BridgeCollection.Name)]
public sealed class PromptTests(BridgeFixture fx)
{
    [Fact]
    public async Task New_project_prompt_names_the_callers_templates_or_the_chosen_templates_variables()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Erin;
        await fx.Operator.CreateTemplateAsync(tenant.Namespace, "prompted", ct);
        await fx.Operator.MarkTemplateReadyAsync(tenant.Namespace, "prompted", ct);
        await using var client = await fx.ConnectAsync(tenant.ApiKey, null, ct);
        await ClientWaits.ReadyTemplateAsync(client, "prompted", ct);

        var prompt = (await client.ListPromptsAsync(cancellationToken: ct)).Single(p => p.Name == "new_project");
        prompt.ProtocolPrompt.Arguments!.Single(a => a.Name == "goal").Required.Should().BeTrue();
        prompt.ProtocolPrompt.Arguments!.Single(a => a.Name == "template").Required.Should().NotBe(true);

        var open = await client.GetPromptAsync("new_project", new Dictionary<string, object?> { ["goal"] = "a GPX parser" }, cancellationToken: ct);
        var openText = Text(open);
        openText.Should().Contain("a GPX parser").And.Contain("- prompted").And.Contain($"namespace '{tenant.Namespace}'").And.Contain("create_project");

        var chosen = await client.GetPromptAsync(
            "new_project", new Dictionary<string, object?> { ["goal"] = "a GPX parser", ["template"] = "prompted" }, cancellationToken: ct);
        Text(chosen).Should().Contain("Use the template 'prompted'")
            .And.Contain("- project_name (string; default \"my_app\"): Python package name")
            .And.Contain("- license (choice; one of MIT, Apache-2.0; default \"MIT\")")
            .And.Contain("- port (integer; default 8080): Port the service listens on");

        var unknown = async () => await client.GetPromptAsync(
            "new_project", new Dictionary<string, object?> { ["goal"] = "x", ["template"] = "no-such-template" }, cancellationToken: ct);
        (await unknown.Should().ThrowAsync<McpException>()).Which.Message.Should().Contain("no-such-template");
    }

    [Fact]
    public async Task New_project_prompt_sends_a_tenant_without_templates_to_discover_templates()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await fx.ConnectAsync(Tenants.Frank.ApiKey, null, ct);
        var result = await client.GetPromptAsync("new_project", new Dictionary<string, object?> { ["goal"] = "a CLI" }, cancellationToken: ct);
        Text(result).Should().Contain("No template is ready").And.Contain("discover_templates").And.NotContain("prompted");
    }

    private static string Text(GetPromptResult result) =>
        result.Messages.Should().ContainSingle().Which.Content.Should().BeOfType<TextContentBlock>().Subject.Text;
}
