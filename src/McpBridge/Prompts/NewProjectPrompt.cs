using System.ComponentModel;
using System.Text;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Templates;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Prompts;

/// <summary>
/// A prompt clients show as a command ("/new_project" in several): it states the goal and the steps through the
/// tools, with the caller's templates — or the chosen template's variables — filled in from the cache, so the
/// model starts from what exists instead of guessing names.
/// </summary>
[McpServerPromptType]
public sealed class NewProjectPrompt(TemplateService templates, CallerResolver callers)
{
    [McpServerPrompt(Name = "new_project", Title = "Start a new project from a template")]
    [Description("Generate a project from one of your cookiecutter templates: pick the template, fill in its variables, create the project and show its files.")]
    public async Task<string> NewProject(
        RequestContext<GetPromptRequestParams> context,
        [Description("What the project should be, e.g. 'a Python library that parses GPX files'.")] string goal,
        [Description("Template to use, if you know it already (list_templates shows them).")] string? template = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var text = new StringBuilder();
        text.Append("I want to start a new project: ").Append(goal.Trim()).AppendLine(".").AppendLine();
        if (!string.IsNullOrWhiteSpace(template))
        {
            var chosen = await templates.GetAsync(caller, caller.Namespace, template.Trim(), cancellationToken).ConfigureAwait(false);
            AppendChosen(text, chosen);
        }
        else
        {
            AppendAvailable(text, caller.Namespace, await templates.ListAsync(caller, caller.Namespace, cancellationToken).ConfigureAwait(false));
        }

        text.AppendLine()
            .AppendLine("Then:")
            .AppendLine("1. Choose values for the template's variables from my goal (get_template_variables lists them with defaults and allowed values). Ask me only for what you cannot infer.")
            .AppendLine("2. Call create_project (or the template's scaffold_ tool). It checks the variables first and reports progress while the project is generated.")
            .AppendLine("3. Show me the files with get_project_files and the README with read_project_file, and tell me how to start working on it.");
        return text.ToString();
    }

    private static void AppendChosen(StringBuilder text, TemplateView chosen)
    {
        text.Append("Use the template '").Append(chosen.Name).Append('\'');
        if (!string.IsNullOrWhiteSpace(chosen.Description))
        {
            text.Append(" (").Append(chosen.Description).Append(')');
        }

        if (!chosen.Ready)
        {
            text.AppendLine(". It is not ready yet: check get_template_variables until it is.");
            return;
        }

        text.AppendLine(". It asks for:");
        foreach (var variable in chosen.Variables)
        {
            text.Append("- ").Append(variable.Name);
            var facts = new List<string>();
            if (variable.Type is { } type)
            {
                facts.Add(type);
            }

            if (variable.Choices is { Count: > 0 } choices)
            {
                facts.Add("one of " + string.Join(", ", choices));
            }

            if (variable.Default is { } value)
            {
                facts.Add("default " + value.ToJsonString());
            }

            if (facts.Count > 0)
            {
                text.Append(" (").Append(string.Join("; ", facts)).Append(')');
            }

            if (!string.IsNullOrWhiteSpace(variable.Description))
            {
                text.Append(": ").Append(variable.Description);
            }

            text.AppendLine();
        }
    }

    private static void AppendAvailable(StringBuilder text, string @namespace, IReadOnlyList<TemplateView> available)
    {
        var ready = available.Where(t => t.Ready).ToList();
        if (ready.Count == 0)
        {
            text.Append("No template is ready in namespace '").Append(@namespace)
                .AppendLine("' yet. Find one with discover_templates and add it with add_template (wait until it is ready), or ask me for a git URL.");
            return;
        }

        text.Append("Pick the template that fits best and tell me why. The ready templates in namespace '").Append(@namespace).AppendLine("':");
        foreach (var t in ready)
        {
            text.Append("- ").Append(t.Name);
            if (!string.IsNullOrWhiteSpace(t.Description))
            {
                text.Append(": ").Append(t.Description);
            }

            if (t.Tags.Count > 0)
            {
                text.Append(" [").Append(string.Join(", ", t.Tags)).Append(']');
            }

            text.AppendLine();
        }

        text.AppendLine("If none fits, say so: discover_templates may know one to add.");
    }
}
