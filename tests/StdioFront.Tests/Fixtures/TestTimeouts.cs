namespace DynamoMcp.StdioFront.Tests.Fixtures;

/// <summary>
/// Bounds on the front's end-to-end tests, so a message that never arrives fails the test with the wait it was in
/// rather than hanging the run (a hang was seen twice under the full parallel suite; its cause is not found yet).
/// </summary>
internal static class TestTimeouts
{
    /// <summary>Longest wait for one notification, request or session end.</summary>
    public static readonly TimeSpan Message = TimeSpan.FromSeconds(60);
}
