namespace DynamoMcp.LocalCluster.Hosting;

/// <summary>Adds <c>Impersonate-User</c>/<c>Impersonate-Group</c> headers, as <c>kubectl --as/--as-group</c> does.</summary>
internal sealed class ImpersonationHandler(string user, IReadOnlyList<string> groups) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove("Impersonate-User");
        request.Headers.Add("Impersonate-User", user);
        foreach (var g in groups)
        {
            request.Headers.Add("Impersonate-Group", g);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
