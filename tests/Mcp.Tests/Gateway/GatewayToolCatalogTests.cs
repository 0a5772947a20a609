using System.Text.Json;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Gateway;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.Mcp.Tests.Gateway;

public sealed class GatewayToolCatalogTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""{"type":"object"}""").RootElement;

    private static Tool Tool(string name, string? description = null) => new() { Name = name, Description = description, InputSchema = Schema };

    private static GatewayServerTools Server(string name, params string[] tools) =>
        new(name, [.. tools.Select(t => new GatewayUpstreamTool(t, Tool(t)))]);

    public static TheoryData<string[], string[]> OneServer => new()
    {
        { ["echo", "add"], ["s__echo", "s__add"] },
        // Two that sanitize alike: each is hashed over its own name, so both keep a distinct name.
        { ["a b", "a:b"], ["s__a_b_{hash}", "s__a_b_{hash}"] },
        // Exact duplicates: the second gets a salted hash.
        { ["echo", "echo"], ["s__echo", "s__echo_{hash}"] },
    };

    [Theory]
    [MemberData(nameof(OneServer))]
    public void Names_every_tool_uniquely_and_keeps_the_way_back(string[] upstream, string[] expected)
    {
        var catalog = GatewayToolCatalog.Build([Server("s", upstream)]);

        catalog.Tools.Should().HaveCount(upstream.Length, "no tool is ever dropped");
        catalog.Tools.Select(t => t.Name).Should().OnlyHaveUniqueItems();
        for (var i = 0; i < upstream.Length; i++)
        {
            var tool = catalog.Tools[i];
            tool.Name.Should().MatchRegex("^" + expected[i].Replace(".", "\\.", StringComparison.Ordinal).Replace("{hash}", "[0-9a-f]{8}", StringComparison.Ordinal) + "$");
            tool.UpstreamName.Should().Be(upstream[i]);
            tool.ServerName.Should().Be("s");
            tool.Definition.Name.Should().Be(tool.Name);
            GatewayToolName.IsValidToolName(tool.Name).Should().BeTrue();
            catalog.TryResolve(tool.Name, out var resolved).Should().BeTrue();
            resolved.Should().BeSameAs(tool);
        }
    }

    [Fact]
    public void A_real_name_wins_over_a_hashed_one_that_equals_it()
    {
        var hashed = GatewayToolName.Compose("s", "a b");
        var realName = hashed["s__".Length..];

        // The sanitized one comes first upstream, the real one later: the real one still keeps its plain name.
        var catalog = GatewayToolCatalog.Build([Server("s", "a b", realName)]);

        catalog.Tools[1].Name.Should().Be(hashed);
        catalog.Tools[1].UpstreamName.Should().Be(realName);
        catalog.Tools[0].Name.Should().NotBe(hashed).And.MatchRegex("^s__a_b_[0-9a-f]{8}$");
    }

    [Fact]
    public void Names_do_not_depend_on_the_upstream_order()
    {
        var forward = GatewayToolCatalog.Build([Server("s", "x y", "x:y", "x/y", "plain")]);
        var backward = GatewayToolCatalog.Build([Server("s", "plain", "x/y", "x:y", "x y")]);

        forward.Tools.ToDictionary(t => t.UpstreamName, t => t.Name).Should().BeEquivalentTo(backward.Tools.ToDictionary(t => t.UpstreamName, t => t.Name));
    }

    [Fact]
    public void Servers_never_collide_and_a_server_twice_is_refused()
    {
        var catalog = GatewayToolCatalog.Build([Server("a", "b__c"), Server("a-b", "c")]);
        catalog.Tools.Select(t => t.Name).Should().Equal("a__b__c", "a-b__c");
        catalog.TryResolve("a__b__c", out var tool).Should().BeTrue();
        tool!.ServerName.Should().Be("a");

        FluentActions.Invoking(() => GatewayToolCatalog.Build([Server("a", "x"), Server("a", "y")])).Should().Throw<ArgumentException>().WithMessage("*twice*");
    }

    [Fact]
    public void Filters_renames_and_calls_upstream_by_the_original_name()
    {
        var filter = new ToolFilter
        {
            Deny = ["secret*"],
            Overrides = [new ToolOverride { Name = "echo", Rename = "say", Description = "Says it back" }],
        };

        var server = GatewayServerTools.Filter("s", [Tool("echo", "Echoes"), Tool("secret_dump"), Tool("add", "Adds")], filter);
        var catalog = GatewayToolCatalog.Build([server]);

        catalog.Tools.Select(t => (t.Name, t.UpstreamName, t.Definition.Description)).Should().Equal(
            ("s__say", "echo", "Says it back"),
            ("s__add", "add", "Adds"));
        catalog.TryResolve("s__secret_dump", out _).Should().BeFalse();
    }
}
