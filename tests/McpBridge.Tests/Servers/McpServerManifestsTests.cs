using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Servers;
using ModelContextProtocol;

namespace DynamoMcp.McpBridge.Tests.Servers;

/// <summary>add_mcp_server's checks and the McpServer it builds, without a cluster.</summary>
public sealed class McpServerManifestsTests
{
    public static TheoryData<McpServerInput, string> Refused => new()
    {
        { new McpServerInput("Bad_Name", Image: "node:22-slim"), "'Bad_Name' is not a valid server name" },
        { new McpServerInput("-dash", Image: "node:22-slim"), "not a valid server name" },
        { new McpServerInput(new string('a', 64), Image: "node:22-slim"), "at most 63" },
        { new McpServerInput("both", Url: "https://mcp.example.com/mcp", Image: "node:22-slim"), "Give url or image, not both" },
        { new McpServerInput("neither"), "Give url (the address of a running MCP server" },
        { new McpServerInput("ftp", Url: "ftp://mcp.example.com/mcp"), "url 'ftp://mcp.example.com/mcp' is not an absolute http(s) URL" },
        { new McpServerInput("relative", Url: "mcp.example.com/mcp"), "is not an absolute http(s) URL" },
        { new McpServerInput("grpc", Image: "node:22-slim", Transport: "grpc"), "transport 'grpc' is not known: use one of stdio, streamable-http, sse" },
        { new McpServerInput("stdio-remote", Url: "https://mcp.example.com/mcp", Transport: "stdio"), "transport stdio needs an image" },
        { new McpServerInput("port-low", Image: "node:22-slim", Port: 0), "port 0 is out of range: use a TCP port from 1 to 65535" },
        { new McpServerInput("port-high", Image: "node:22-slim", Port: 65536), "port 65536 is out of range" },
        { new McpServerInput("path", Image: "node:22-slim", Path: "mcp"), "path 'mcp' must start with '/'" },
        { new McpServerInput("remote-extras", Url: "https://mcp.example.com/mcp", Args: ["x"], Port: 80, Env: new Dictionary<string, string> { ["A"] = "b" }), "args, env, port apply to a server the operator runs from an image" },
        { new McpServerInput("image-space", Image: "node 22"), "image 'node 22' is not an image reference" },
        { new McpServerInput("env-name", Image: "node:22-slim", Env: new Dictionary<string, string> { ["1BAD"] = "x" }), "env name '1BAD' is not valid" },
        { new McpServerInput("egress", Image: "node:22-slim", Egress: ["https://registry.npmjs.org"]), "egress host 'https://registry.npmjs.org' is not a DNS name" },
        { new McpServerInput("filter", Image: "node:22-slim", Allow: ["get_*", " "]), "allow has an empty entry" },
        { new McpServerInput("filter-twice", Image: "node:22-slim", Deny: ["x", "x"]), "deny lists a tool twice" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refuses_with_a_message_that_says_what_to_change(McpServerInput input, string says)
    {
        var refusal = () => McpServerManifests.McpServer("team-a", input);

        refusal.Should().Throw<McpException>().Which.Message.Should().Contain(says).And.Contain("nothing was created");
    }

    [Theory]
    [InlineData("GITHUB_TOKEN")]
    [InlineData("OPENAI_API_KEY")]
    [InlineData("db_password")]
    [InlineData("AWS_SECRET_ACCESS_KEY")]
    [InlineData("APIKEY")]
    public void Refuses_secret_looking_env_and_never_repeats_the_value(string envName)
    {
        var refusal = () => McpServerManifests.McpServer("team-a", new McpServerInput("s", Image: "node:22-slim", Env: new Dictionary<string, string> { [envName] = "v4lue-s3cr3t" }));

        var message = refusal.Should().Throw<McpException>().Which.Message;
        message.Should().Contain($"env '{envName}' looks like a secret").And.Contain("Secret").And.NotContain("v4lue-s3cr3t");
    }

    [Fact]
    public void A_url_with_credentials_is_refused_without_echoing_them()
    {
        var refusal = () => McpServerManifests.McpServer("team-a", new McpServerInput("creds", Url: "https://bob:hunter2@mcp.example.com/mcp"));

        refusal.Should().Throw<McpException>().Which.Message.Should().Contain("headersFrom").And.NotContain("hunter2");
    }

    [Fact]
    public void Lists_every_problem_at_once()
    {
        var problems = McpServerManifests.Problems(new McpServerInput("Bad", Url: "ftp://x", Transport: "stdio", Port: 0), out _);

        problems.Should().HaveCount(5, string.Join("\n", problems)); // name, url, stdio, port given for a remote, port range
    }

    [Fact]
    public void Builds_an_image_server_with_its_command_env_egress_and_filter()
    {
        var server = McpServerManifests.McpServer("team-a", new McpServerInput(
            "memory",
            Image: " node:22-slim ",
            Command: ["npx", "-y", "@modelcontextprotocol/server-memory"],
            Args: ["--verbose"],
            Transport: "STDIO",
            Port: 9000,
            Path: "/rpc",
            Env: new Dictionary<string, string> { ["Z_LAST"] = "2", ["MEMORY_FILE_PATH"] = "/tmp/m.jsonl" },
            Allow: ["read_*"],
            Deny: ["delete_*"],
            Egress: ["Registry.npmjs.org"]));

        server.Metadata.Name.Should().Be("memory");
        server.Metadata.NamespaceProperty.Should().Be("team-a");
        server.Spec.Image.Should().Be("node:22-slim");
        server.Spec.Remote.Should().BeNull();
        server.Spec.Transport.Should().Be(McpTransport.Stdio);
        server.Spec.Command.Should().Equal("npx", "-y", "@modelcontextprotocol/server-memory");
        server.Spec.Args.Should().Equal("--verbose");
        server.Spec.Port.Should().Be(9000);
        server.Spec.Path.Should().Be("/rpc");
        server.Spec.Env!.Select(e => (e.Name, e.Value)).Should().Equal(("MEMORY_FILE_PATH", "/tmp/m.jsonl"), ("Z_LAST", "2"));
        server.Spec.Env!.Should().OnlyContain(e => e.ValueFrom == null);
        server.Spec.ToolFilter!.Allow.Should().Equal("read_*");
        server.Spec.ToolFilter!.Deny.Should().Equal("delete_*");
        server.Spec.Egress!.Allow!.Single().Host.Should().Be("registry.npmjs.org");
    }

    [Theory]
    [InlineData(null, McpTransport.StreamableHttp)]
    [InlineData("sse", McpTransport.Sse)]
    [InlineData("streamable-http", McpTransport.StreamableHttp)]
    public void Builds_a_remote_server_with_the_default_or_given_transport(string? transport, McpTransport expected)
    {
        var server = McpServerManifests.McpServer("team-a", new McpServerInput("remote", Url: "http://mcp.internal:8080/mcp", Transport: transport));

        server.Spec.Remote!.Url.Should().Be("http://mcp.internal:8080/mcp");
        server.Spec.Image.Should().BeNull();
        server.Spec.Transport.Should().Be(expected);
        server.Spec.Command.Should().BeNull();
        server.Spec.Env.Should().BeNull();
        server.Spec.ToolFilter.Should().BeNull();
        server.Spec.Egress.Should().BeNull();
    }

    [Fact]
    public void Transport_names_are_the_apis_wire_names()
    {
        McpTransportNames.All.Should().Equal("stdio", "streamable-http", "sse");
        McpTransportNames.Name(McpTransport.StreamableHttp).Should().Be("streamable-http");
        McpTransportNames.TryParse("SSE", out var sse).Should().BeTrue();
        sse.Should().Be(McpTransport.Sse);
        McpTransportNames.TryParse("http", out _).Should().BeFalse();
    }
}
