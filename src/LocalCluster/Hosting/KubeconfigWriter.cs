namespace DynamoMcp.LocalCluster.Hosting;

/// <summary>Renders the kubeconfig clients (kubectl, KubernetesClient) use to reach the server as the admin.</summary>
internal static class KubeconfigWriter
{
    /// <summary>
    /// Written when the server requires no token: KubernetesClient refuses a kubeconfig user without any
    /// credentials ("does not have appropriate auth credentials"), and the server ignores it.
    /// </summary>
    public const string NoTokenRequired = "no-token-required";

    public static string Render(Uri baseUri, string? token) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: local
          cluster:
            server: {baseUri.ToString().TrimEnd('/')}
        contexts:
        - name: local
          context:
            cluster: local
            user: admin
            namespace: default
        current-context: local
        users:
        - name: admin
          user:
            token: "{token ?? NoTokenRequired}"
        """;
}
