namespace DynamoMcp.Operator.Tests.Cli;

internal static class KubeconfigFiles
{
    /// <summary>Writes a kubeconfig with one context per (name, server) pair; the first is current.</summary>
    public static string Write(string server, params (string Context, string Server)[] more)
    {
        var contexts = new List<(string Context, string Server)> { ("main", server) };
        contexts.AddRange(more);
        var yaml = "apiVersion: v1\nkind: Config\n" +
            $"current-context: {contexts[0].Context}\n" +
            "clusters:\n" + string.Concat(contexts.Select(c => $"- name: {c.Context}\n  cluster:\n    server: {c.Server}\n")) +
            "users:\n- name: u\n  user:\n    token: t\n" +
            "contexts:\n" + string.Concat(contexts.Select(c => $"- name: {c.Context}\n  context:\n    cluster: {c.Context}\n    user: u\n"));
        var path = Path.Combine(Directory.CreateTempSubdirectory("kubeconfig-").FullName, "config");
        File.WriteAllText(path, yaml);
        return path;
    }
}
