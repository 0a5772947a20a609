using System.Text.Json.Nodes;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Cache;
using DynamoMcp.McpBridge.Hosting;
using DynamoMcp.McpBridge.Kubernetes;
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
    public async Task<ProjectResult> CreateAsync(
        BridgeIdentity caller,
        string @namespace,
        string templateName,
        JsonObject? variables,
        string? projectName,
        ProjectOutputArgument? output,
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

        if (output is not null && ProjectOutputCheck.ErrorMessage(output) is { } outputError)
        {
            throw new McpException(outputError);
        }

        var name = projectName is null ? ResourceNames.Generate(templateName) : ResourceNames.RequireValid(projectName, "project");
        var created = await KubernetesErrors.Call(
            () => clients.Resources<Scaffold>(caller).CreateAsync(
                TemplateManifests.Scaffold(@namespace, name, templateName, variables, caller.Name, output is null ? null : ProjectOutputCheck.ToSpec(output)), cancellationToken),
            $"create project '{name}' from template '{templateName}'",
            @namespace,
            caller.Name).ConfigureAwait(false);

        if (!wait)
        {
            return ProjectResult.From(caches.Scaffolds.Get(@namespace, name) ?? created, waitedOut: false);
        }

        var finished = await ResourceWaiter.WaitAsync(
            caches.Scaffolds, @namespace, name, ObserveScaffold, progress, options.Value.WaitDeadline, cancellationToken).ConfigureAwait(false);
        return ProjectResult.From(caches.Scaffolds.Get(@namespace, name) ?? created, waitedOut: !finished);
    }

    public async Task<Scaffold> GetAsync(BridgeIdentity caller, string @namespace, string name, CancellationToken cancellationToken)
    {
        await guard.EnsureCanReadAsync(caller, @namespace, "read projects", cancellationToken).ConfigureAwait(false);
        return caches.Scaffolds.Get(@namespace, name)
            ?? throw new McpException(
                $"Project '{name}' was not found in namespace '{@namespace}'. Use the name create_project returned; projects are deleted when their time-to-live ends.");
    }

    /// <summary>Progress from the Scaffold's phase: 0 Pending, 1 Running, 2 finished (of 2).</summary>
    public static (bool Done, ProgressNotificationValue? Progress) ObserveScaffold(Scaffold? scaffold)
    {
        if (scaffold is null)
        {
            return (false, new ProgressNotificationValue { Progress = 0, Total = 2, Message = "Scaffold created; waiting for the operator" });
        }

        var phase = ProjectResult.PhaseOf(scaffold);
        var step = phase switch { ScaffoldPhase.Running => 1, ScaffoldPhase.Succeeded or ScaffoldPhase.Failed => 2, _ => 0 };
        var message = scaffold.Status?.Message is { } detail ? $"{phase}: {detail}" : phase.ToString();
        return (ProjectResult.IsFinished(phase), new ProgressNotificationValue { Progress = step, Total = 2, Message = message });
    }
}
