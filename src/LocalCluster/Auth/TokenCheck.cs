namespace DynamoMcp.LocalCluster.Auth;

/// <summary>The verdict on a token: authenticated for <see cref="Audiences"/> (those asked for that it carries), or not, with <see cref="Error"/>.</summary>
internal sealed record TokenCheck(bool Authenticated, IReadOnlyList<string> Audiences, string? Error)
{
    public static TokenCheck Fail(string error) => new(false, [], error);
}
