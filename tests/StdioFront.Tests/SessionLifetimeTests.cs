using System.Diagnostics;
using DynamoMcp.Mcp.Tests.Fixtures;
using DynamoMcp.StdioFront.Tests.Fixtures;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.StdioFront.Tests;

/// <summary>How sessions end: idle, the child exiting under a request, and the front as a program.</summary>
public sealed class SessionLifetimeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_idle_session_is_ended_and_its_child_killed()
    {
        var time = new FakeTimeProvider();
        await using var front = await InProcessFront.StartEverythingAsync(o => o with { IdleTimeout = TimeSpan.FromMinutes(1) }, time);
        await using var client = await front.ConnectAsync(Ct, getStream: false);
        var child = front.Children().Single();
        var session = front.Session(client.SessionId!)!;

        time.Advance(TimeSpan.FromSeconds(30));
        var stillThere = session.Ended.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(31));
        var reason = await session.Ended.WaitAsync(TestTimeouts.Message, Ct);

        stillThere.Should().BeFalse("30s is within the idle timeout");
        reason.Should().Contain("--idle-timeout");
        ChildProcesses.IsRunning(child).Should().BeFalse();
        front.Session(client.SessionId!).Should().BeNull();
    }

    [Fact]
    public async Task A_child_that_exits_under_a_request_answers_it_with_its_exit_code_and_stderr()
    {
        const string server = """
            const rl = require('readline').createInterface({ input: process.stdin });
            const send = m => process.stdout.write(JSON.stringify(m) + '\n');
            rl.on('line', line => {
              const m = JSON.parse(line);
              if (m.method === 'initialize') send({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'crasher', version: '1' } } });
              else if (m.method === 'tools/list') send({ jsonrpc: '2.0', id: m.id, result: { tools: [{ name: 'crash', inputSchema: { type: 'object' } }] } });
              else if (m.method === 'tools/call') { process.stderr.write('out of memory in crash\n', () => process.exit(5)); }
            });
            """;
        await using var front = await InProcessFront.StartAsync([NpmMcpServers.Node, "-e", server]);
        await using var client = await front.ConnectAsync(Ct);
        var session = front.Session(client.SessionId!)!;

        var call = async () => await client.CallToolAsync("crash", new Dictionary<string, object?>(), cancellationToken: Ct);

        var error = (await call.Should().ThrowAsync<McpProtocolException>()).Which;
        error.Message.Should().Contain("exited with code 5").And.Contain("out of memory in crash");
        (await session.Ended.WaitAsync(TestTimeouts.Message, Ct)).Should().Contain("exited with code 5");
        using var http = new HttpClient();
        using var later = new HttpRequestMessage(HttpMethod.Post, front.Url)
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":9,"method":"tools/list"}""", System.Text.Encoding.UTF8, "application/json"),
            Headers = { { "Mcp-Session-Id", client.SessionId } },
        };
        (await http.SendAsync(later, Ct)).StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound, "the session ended with its child");
    }

    [Fact]
    public async Task A_server_that_never_answers_initialize_fails_after_the_startup_timeout_and_is_killed()
    {
        // `sleep` reads no stdin and ignores its closing: only the kill ends it.
        await using var front = await InProcessFront.StartAsync(["sleep", "600"], o => o with { StartupTimeout = TimeSpan.FromSeconds(1) });

        var connect = async () => await front.ConnectAsync(Ct);

        (await connect.Should().ThrowAsync<McpProtocolException>()).Which.Message
            .Should().Contain("did not answer initialize within 1s (--startup-timeout)");
        front.Children().Should().BeEmpty("the session ended and its child was killed before the answer");
    }

    [Fact]
    public async Task Runs_as_a_program_with_help_and_health()
    {
        var program = Path.Combine(AppContext.BaseDirectory, "stdio-front");
        using (var help = Process.Start(new ProcessStartInfo(program, "--help") { RedirectStandardOutput = true })!)
        {
            var text = await help.StandardOutput.ReadToEndAsync(Ct);
            await help.WaitForExitAsync(Ct);
            help.ExitCode.Should().Be(0);
            text.Should().Contain("Usage: stdio-front [options] -- <command>");
        }

        using (var bad = Process.Start(new ProcessStartInfo(program, "--port 80") { RedirectStandardError = true })!)
        {
            var text = await bad.StandardError.ReadToEndAsync(Ct);
            await bad.WaitForExitAsync(Ct);
            bad.ExitCode.Should().Be(2);
            text.Should().StartWith("stdio-front: no command");
        }

        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "--host", "127.0.0.1", "--port", "0", "--", NpmMcpServers.Node, NpmMcpServers.EntryScript("everything"), "stdio" })
        {
            start.ArgumentList.Add(argument);
        }

        using var front = Process.Start(start)!;
        try
        {
            string? url = null;
            while (url is null && await front.StandardError.ReadLineAsync(Ct) is { } line)
            {
                if (line.StartsWith("stdio-front: listening on ", StringComparison.Ordinal))
                {
                    url = line["stdio-front: listening on ".Length..].Split(' ')[0];
                }
            }

            url.Should().NotBeNull("the front announces where it listens");
            _ = front.StandardError.ReadToEndAsync(CancellationToken.None);
            using var http = new HttpClient();
            (await http.GetStringAsync(new Uri(new Uri(url!), "/healthz"), Ct)).Should().Be("ok");
            await using var client = await ModelContextProtocol.Client.McpClient.CreateAsync(
                new ModelContextProtocol.Client.HttpClientTransport(new() { Endpoint = new Uri(new Uri(url!), "/mcp") }), cancellationToken: Ct);
            var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "program" }, cancellationToken: Ct);
            echo.Content.OfType<TextContentBlock>().Single().Text.Should().Be("Echo: program");
        }
        finally
        {
            front.Kill(entireProcessTree: true);
            await front.WaitForExitAsync(CancellationToken.None);
        }
    }
}
