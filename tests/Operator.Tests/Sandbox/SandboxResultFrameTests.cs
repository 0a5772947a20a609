using System.Text.Json.Nodes;
using DynamoMcp.Operator.Sandbox;

namespace DynamoMcp.Operator.Tests.Sandbox;

public sealed class SandboxResultFrameTests
{
    private static string Frame(string kind) => SandboxResultFrame.Encode(new JsonObject { ["kind"] = kind, ["version"] = 1 });

    [Fact]
    public void The_last_frame_wins_so_a_fake_one_printed_earlier_by_a_hook_is_ignored()
    {
        var log = "hook output\n" + Frame("RenderResult-fake") + "more stderr\n" + Frame("RenderResult");

        SandboxResultFrame.TryRead(log, out _)!["kind"]!.GetValue<string>().Should().Be("RenderResult");
    }

    [Fact]
    public void A_frame_whose_content_was_changed_fails_its_checksum()
    {
        var frame = Frame("InspectResult");
        var lines = frame.Split('\n');
        lines[2] = Convert.ToBase64String("{\"kind\":\"Evil\"}"u8.ToArray());

        SandboxResultFrame.TryRead(string.Join('\n', lines), out var error).Should().BeNull();
        error.Should().Contain("checksum");
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("just logs\n", "no result frame")]
    [InlineData("-----BEGIN DYNAMO RESULT-----\nsha256:00\nAAAA\n", "cut off")]
    public void Missing_or_truncated_frames_are_reported(string log, string expected)
    {
        SandboxResultFrame.TryRead(log, out var error).Should().BeNull();
        error.Should().Contain(expected);
    }

    [Fact]
    public void Frames_written_by_the_generator_format_round_trip()
    {
        var payload = new JsonObject { ["kind"] = "Error", ["version"] = 1, ["reason"] = "InvalidTemplate", ["message"] = "no cookiecutter.json" };

        var read = SandboxResultFrame.TryRead("noise\n" + SandboxResultFrame.Encode(payload), out _);

        SandboxError.From(read).Should().Be(new SandboxError("InvalidTemplate", "no cookiecutter.json"));
    }

    [Theory]
    [InlineData("2", "protocol 2")]
    [InlineData("0", "protocol 0")]
    [InlineData("\"1\"", "no protocol version")]
    [InlineData("1.5", "no protocol version")]
    [InlineData(null, "no protocol version")]
    public void A_payload_of_a_protocol_version_the_operator_does_not_know_is_refused(string? version, string speaks)
    {
        var payload = new JsonObject { ["kind"] = "InspectResult", ["revision"] = new string('a', 40) };
        if (version is not null)
        {
            payload["version"] = JsonNode.Parse(version);
        }

        var read = SandboxResultFrame.Read(SandboxResultFrame.Encode(payload));

        read.Payload.Should().BeNull();
        read.Problem.Should().Be(SandboxResultProblem.UnknownProtocol);
        read.Error.Should().Be($"the sandbox image speaks {speaks}{(speaks.StartsWith("no", StringComparison.Ordinal) ? " (its payload has none)" : "")}, " +
            "this operator knows 1: upgrade the operator or pin the image (Sandbox:Image) to one that speaks protocol 1.");
    }

    [Fact]
    public void A_payload_of_the_operators_protocol_version_is_read()
    {
        var read = SandboxResultFrame.Read(SandboxResultFrame.Encode(new JsonObject { ["kind"] = "FetchResult", ["version"] = GeneratorContract.ProtocolVersion }));

        read.Problem.Should().Be(SandboxResultProblem.None);
        read.Kind.Should().Be("FetchResult");
    }

    [Fact]
    public void A_kind_that_is_not_a_string_is_a_corrupt_frame()
    {
        var read = SandboxResultFrame.Read(SandboxResultFrame.Encode(new JsonObject { ["kind"] = 3, ["version"] = 1 }));

        read.Problem.Should().Be(SandboxResultProblem.Corrupt);
        read.Error.Should().Contain("not a JSON object with a kind");
    }
}
