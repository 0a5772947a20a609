using System.Text;
using DynamoMcp.Mcp.Headers;
using k8s.Models;

namespace DynamoMcp.Mcp.Tests.Headers;

public sealed class McpServerHeadersTests
{
    private static V1Secret Secret(Dictionary<string, string> data, bool optIn = true) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "creds",
            Labels = optIn ? new Dictionary<string, string> { [McpServerHeaders.OptInLabel] = "true" } : null,
        },
        Data = data.ToDictionary(d => d.Key, d => Encoding.UTF8.GetBytes(d.Value)),
    };

    [Fact]
    public void An_opted_in_secrets_keys_are_the_headers_with_a_trailing_newline_trimmed()
    {
        var headers = McpServerHeaders.Parse(Secret(new() { ["Authorization"] = "Bearer abc\n", ["X-Tenant"] = "t1" }), "ns/docs", "mcp.example.com");

        headers.Should().BeEquivalentTo(new Dictionary<string, string> { ["Authorization"] = "Bearer abc", ["X-Tenant"] = "t1" });
        headers["authorization"].Should().Be("Bearer abc", "header names are case-insensitive");
    }

    [Fact]
    public void A_secret_without_the_label_is_not_sent_and_the_message_says_how_to_allow_it()
    {
        var parse = () => McpServerHeaders.Parse(Secret(new() { ["Authorization"] = "Bearer abc" }, optIn: false), "ns/docs", "mcp.example.com");

        parse.Should().Throw<McpServerHeadersException>().WithMessage($"*'creds'*ns/docs*{McpServerHeaders.OptInLabel}=true*mcp.example.com*");
    }

    [Theory]
    [InlineData("Mcp-Session-Id", "x", "not a header that may be sent")]
    [InlineData("host", "evil", "not a header that may be sent")]
    [InlineData("Bad Name", "x", "not a header that may be sent")]
    [InlineData("X-Ok", "a\r\nInjected: 1", "control characters")]
    public void Keys_the_platform_owns_invalid_names_and_control_characters_are_refused_with_the_key(string key, string value, string reason)
    {
        var parse = () => McpServerHeaders.Parse(Secret(new() { [key] = value }), "ns/docs", "mcp.example.com");

        parse.Should().Throw<McpServerHeadersException>().WithMessage($"*{key}*{reason}*");
    }
}
