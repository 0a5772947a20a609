namespace DynamoMcp.PackageDocs.Versions;

/// <summary>One primitive comparison of a desugared npm range (<c>&gt;=1.2.3</c>, <c>&lt;2.0.0-0</c>).</summary>
public sealed record SemverComparator(string Operator, SemVersion Version)
{
    public bool Matches(SemVersion v) => Operator switch
    {
        ">=" => v >= Version,
        ">" => v > Version,
        "<=" => v <= Version,
        "<" => v < Version,
        _ => v == Version,
    };

    public override string ToString() => (Operator == "=" ? "" : Operator) + Version;
}
