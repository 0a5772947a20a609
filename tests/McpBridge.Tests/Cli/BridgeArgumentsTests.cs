using DynamoMcp.McpBridge.Hosting;
using Microsoft.Extensions.Configuration;

namespace DynamoMcp.McpBridge.Tests.Cli;

public sealed class BridgeArgumentsTests
{
    [Fact]
    public void Repeated_flags_in_both_forms_become_list_entries_and_the_rest_goes_to_aspnet()
    {
        var arguments = BridgeArguments.Parse(
            ["--urls", "http://0.0.0.0:8080", "--allowed-host", "mcp.example.com", "--allowed-host=*.example.org", "--allowed-origin", "https://console.example.com", "--Bridge:SessionMode=Stateless"]);

        arguments.AllowedHosts.Should().Equal("mcp.example.com", "*.example.org");
        arguments.AllowedOrigins.Should().Equal("https://console.example.com");
        arguments.Remaining.Should().Equal("--urls", "http://0.0.0.0:8080", "--Bridge:SessionMode=Stateless");
    }

    [Fact]
    public void Flag_entries_are_added_after_those_of_other_sources()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bridge:AllowedHosts:0"] = "bridge.svc",
            ["Bridge:AllowedHosts:1"] = "bridge.ns.svc",
        });

        BridgeArguments.Parse(["--allowed-host", "mcp.example.com", "--allowed-origin", "https://console.example.com"]).AddTo(configuration);
        var options = configuration.GetSection(BridgeOptions.SectionName).Get<BridgeOptions>()!;

        options.AllowedHosts.Should().Equal("bridge.svc", "bridge.ns.svc", "mcp.example.com");
        options.AllowedOrigins.Should().Equal("https://console.example.com");
    }

    [Theory]
    [InlineData("--allowed-host")]
    [InlineData("--allowed-origin")]
    public void A_flag_without_a_value_says_what_it_needs(string flag)
    {
        var parse = () => BridgeArguments.Parse([flag, "--urls", "http://localhost:1"]);

        parse.Should().Throw<ArgumentException>().WithMessage($"{flag} needs *, e.g. {flag} *");
    }
}
