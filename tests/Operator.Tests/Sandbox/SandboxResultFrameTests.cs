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
        var payload = new JsonObject { ["kind"] = "Error", ["reason"] = "InvalidTemplate", ["message"] = "no cookiecutter.json" };

        var read = SandboxResultFrame.TryRead("noise\n" + SandboxResultFrame.Encode(payload), out _);

        SandboxError.From(read).Should().Be(new SandboxError("InvalidTemplate", "no cookiecutter.json"));
    }
}
