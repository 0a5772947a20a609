using DynamoMcp.AgentRuntime.Loop;

namespace DynamoMcp.AgentRuntime.Tests.Loop;

public sealed class StructuredAnswerTests
{
    [Theory]
    [InlineData("""{"a":1}""")]
    [InlineData("  {\"a\": 1}\n")]
    [InlineData("```json\n{\"a\": 1}\n```")]
    [InlineData("```\n{\"a\": 1}\n```")]
    public void A_JSON_object_alone_or_fenced_is_parsed(string text) =>
        StructuredAnswer.TryParse(text)!["a"]!.GetValue<int>().Should().Be(1);

    [Theory]
    [InlineData("the answer is 5")]
    [InlineData("[1, 2]")]
    [InlineData("42")]
    [InlineData("{not json}")]
    [InlineData("Here it is:\n```json\n{\"a\": 1}\n```")]
    [InlineData("```json\n{\"a\": 1}\n```\nand some words")]
    [InlineData("")]
    public void Anything_else_is_not(string text) => StructuredAnswer.TryParse(text).Should().BeNull();
}
