namespace DynamoMcp.PackageDocs.Api;

/// <summary>The REST API's error body: a stable code and a message a person can act on.</summary>
public sealed record ApiError(string Error, string Message);
