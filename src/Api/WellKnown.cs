namespace DynamoMcp.Api;

/// <summary>Names shared by the operator, the bridge and the tests.</summary>
public static class WellKnown
{
    public const string Group = "dynamo-mcp.io";
}
