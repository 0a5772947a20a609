namespace DynamoMcp.Api.Templates;

/// <summary>One thing wrong with a Scaffold's variables: which variable, and what to do about it.</summary>
public sealed record VariableProblem(string Variable, string Message)
{
    public override string ToString() => Variable.Length == 0 ? Message : $"{Variable}: {Message}";
}
