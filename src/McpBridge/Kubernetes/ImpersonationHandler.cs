namespace DynamoMcp.McpBridge.Kubernetes;

/// <summary>Adds Impersonate-User / Impersonate-Group to every request, so the API server applies the caller's RBAC.</summary>
internal sealed class ImpersonationHandler(string user, IReadOnlyList<string> groups) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove("Impersonate-User");
        request.Headers.Remove("Impersonate-Group");
        request.Headers.Add("Impersonate-User", user);
        foreach (var group in groups)
        {
            request.Headers.Add("Impersonate-Group", group);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
