namespace DynamoMcp.PackageDocs.Protection;

/// <summary>The JSON body of a 401 or 429: a stable code for programs and a sentence for people.</summary>
public sealed record ProtectionError(string Error, string Message, long? RetryAfterSeconds = null);
