using DynamoMcp.Operator.Workflows.Expressions;

namespace DynamoMcp.Operator.Tests.Workflows;

public sealed class WorkflowExpressionsTests
{
    private static readonly ExpressionScope Scope = new(
        new Dictionary<string, object?> { ["name"] = "demo", ["count"] = 3, ["publish"] = true, ["tags"] = new object?[] { "a", "b" } },
        new Dictionary<string, ExpressionStep>
        {
            ["render"] = new("Succeeded", new Dictionary<string, object?> { ["revision"] = "abc123", ["files"] = 12L }),
            ["run-tests"] = new("Failed", new Dictionary<string, object?>()),
        },
        Item: "x");

    [Theory]
    [InlineData("${{ inputs.name }}", "demo")]
    [InlineData("${{ inputs.count }}", 3L)]
    [InlineData("${{ inputs.count * 2 }}", 6L)]
    [InlineData("${{ inputs.publish }}", true)]
    [InlineData("${{ steps.render.phase == 'Succeeded' }}", true)]
    [InlineData("${{ steps['run-tests'].phase }}", "Failed")]
    [InlineData("${{ steps.render.outputs.files > 10 }}", true)]
    [InlineData("${{ item }}", "x")]
    [InlineData("${{ size(inputs.tags) }}", 2L)]
    [InlineData("plain text", "plain text")]
    public void A_value_that_is_one_expression_keeps_its_type(string text, object expected) =>
        WorkflowExpressions.Evaluate(text, Scope).Should().Be(expected);

    [Fact]
    public void Expressions_inside_text_are_spliced_in_lists_as_json()
    {
        WorkflowExpressions.Evaluate("Rendered ${{ inputs.name }} at ${{ steps.render.outputs.revision }} (${{ inputs.count }} files, tags ${{ inputs.tags }})", Scope)
            .Should().Be("Rendered demo at abc123 (3 files, tags [\"a\",\"b\"])");
    }

    [Fact]
    public void Maps_and_lists_are_evaluated_everywhere_inside()
    {
        var value = WorkflowExpressions.EvaluateAll(
            new Dictionary<string, object?> { ["a"] = "${{ inputs.count }}", ["b"] = new object?[] { "${{ inputs.name }}!", 7 } }, Scope);

        value.Should().BeEquivalentTo(new Dictionary<string, object?> { ["a"] = 3L, ["b"] = new object?[] { "demo!", 7 } });
    }

    [Theory]
    [InlineData("${{ inputs.missing }}", "does not exist")]
    [InlineData("${{ inputs.name + 1 }}", "failed")]
    [InlineData("${{ 1 + }}", "not valid CEL")]
    [InlineData("${{ inputs.name", "never closed")]
    public void Failures_say_which_expression_and_why(string text, string reason) =>
        FluentActions.Invoking(() => WorkflowExpressions.Evaluate(text, Scope)).Should().Throw<ExpressionException>().WithMessage($"*{reason}*");

    [Fact]
    public void A_condition_must_be_a_boolean()
    {
        WorkflowExpressions.IsTrue("${{ inputs.count > 2 }}", Scope).Should().BeTrue();
        FluentActions.Invoking(() => WorkflowExpressions.IsTrue("${{ inputs.name }}", Scope))
            .Should().Throw<ExpressionException>().WithMessage("*must be true or false*\"demo\"*");
    }

    [Fact]
    public void Check_finds_syntax_errors_without_evaluating_and_references_name_the_steps_read()
    {
        WorkflowExpressions.Check("${{ steps.render.outputs.revision }} and ${{ inputs.unknown.deep }}").Should().BeEmpty("fields are only known at run time");
        WorkflowExpressions.Check("${{ (1 }}").Should().ContainSingle().Which.Should().Contain("not valid CEL");
        WorkflowExpressions.Check("${{ }}").Should().ContainSingle().Which.Should().Contain("empty");
        WorkflowExpressions.StepReferences("${{ steps.render.outputs.a + steps['run-tests'].phase }} ${{ inputs.steps }}")
            .Should().BeEquivalentTo(["render", "run-tests"]);
    }

    [Fact]
    public void Results_and_expressions_are_bounded()
    {
        var big = new ExpressionScope(new Dictionary<string, object?> { ["s"] = new string('x', 40_000) }, new Dictionary<string, ExpressionStep>());

        FluentActions.Invoking(() => WorkflowExpressions.Evaluate("${{ inputs.s + inputs.s }}", big)).Should().Throw<ExpressionException>().WithMessage("*larger than*");
        WorkflowExpressions.Check("${{ " + new string('1', 1100) + " }}").Should().ContainSingle().Which.Should().Contain("longer than");
    }
}
