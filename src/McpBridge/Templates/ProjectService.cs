using System.Text.Json.Nodes;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Cache;
using DynamoMcp.McpBridge.Hosting;
using DynamoMcp.McpBridge.Kubernetes;
using k8s;
using Microsoft.Extensions.Options;
using ModelContextProtocol;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>Creates projects (Scaffolds) from templates and follows them; shared by create_project and the scaffold_* tools.</summary>
public sealed class ProjectService(
    TemplateService templates,
    BridgeCaches caches,
    KubernetesClients clients,
    NamespaceAccessGuard guard,
    IOptions<BridgeOptions> options)
{
    private static readonly CustomResourceKind Kind = CustomResourceKind.Scaffold;

    public async Task<ProjectResult> CreateAsync(
        BridgeIdentity caller,
        string @namespace,
        string templateName,
        JsonObject? variables,
        string? projectName,
        bool wait,
        ProgressSink progress,
        CancellationToken cancellationToken)
    {
        var template = await templates.GetAsync(caller, @namespace, templateName, cancellationToken).ConfigureAwait(false);
        if (!template.Ready)
        {
            throw new McpException(
                $"Template '{templateName}' is not ready{(template.StatusMessage is null ? "" : ": " + template.StatusMessage)}. Nothing was created. Wait for it (get_template_variables shows its state) and retry.");
        }

        variables ??= [];
        if (VariableCheck.ErrorMessage(template, variables) is { } error)
        {
            throw new McpException(error);
        }

        var name = projectName is null ? ResourceNames.Generate(templateName) : ResourceNames.RequireValid(projectName, "project");
        var manifest = TemplateManifests.Scaffold(@namespace, name, templateName, variables, caller.Name);
        await KubernetesErrors.Call(
            () => clients.For(caller).CustomObjects.CreateNamespacedCustomObjectAsync(
                manifest, Kind.Group, CustomResourceKind.Version, @namespace, Kind.Plural, cancellationToken: cancellationToken),
            $"create project '{name}' from template '{templateName}'",
            @namespace,
            caller.Name).ConfigureAwait(false);

        var pending = new ScaffoldView(@namespace, name, templateName, "Pending", null, [], null);
        if (!wait)
        {
            return ProjectResult.From(caches.Scaffolds.Get(@namespace, name) is { } r ? ScaffoldView.From(r) : pending, waitedOut: false);
        }

        var finished = await ResourceWaiter.WaitAsync(
            caches.Scaffolds, @namespace, name, ObserveScaffold, progress, options.Value.WaitDeadline, cancellationToken).ConfigureAwait(false);
        var current = caches.Scaffolds.Get(@namespace, name) is { } latest ? ScaffoldView.From(latest) : pending;
        return ProjectResult.From(current, waitedOut: !finished);
    }

    public async Task<ScaffoldView> GetAsync(BridgeIdentity caller, string @namespace, string name, CancellationToken cancellationToken)
    {
        await guard.EnsureCanReadAsync(caller, @namespace, "read projects", cancellationToken).ConfigureAwait(false);
        var resource = caches.Scaffolds.Get(@namespace, name)
            ?? throw new McpException(
                $"Project '{name}' was not found in namespace '{@namespace}'. Use the name create_project returned; projects are deleted when their time-to-live ends.");
        return ScaffoldView.From(resource);
    }

    /// <summary>Progress from the Scaffold's phase: 0 Pending, 1 Running, 2 finished (of 2).</summary>
    public static (bool Done, ProgressNotificationValue? Progress) ObserveScaffold(CachedResource? resource)
    {
        if (resource is null)
        {
            return (false, new ProgressNotificationValue { Progress = 0, Total = 2, Message = "Scaffold created; waiting for the operator" });
        }

        var s = ScaffoldView.From(resource);
        var step = s.Phase switch { "Running" => 1, "Succeeded" or "Failed" => 2, _ => 0 };
        var message = s.Message is null ? s.Phase : $"{s.Phase}: {s.Message}";
        return (s.IsFinished, new ProgressNotificationValue { Progress = step, Total = 2, Message = message });
    }
}
