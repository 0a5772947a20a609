namespace DynamoMcp.Generator.Tests.Templates;

/// <summary>Cookiecutter templates the tests write into a <see cref="TemplateRepository"/>, each covering one feature or attack.</summary>
public static class SampleTemplates
{
    public const string ProjectFolder = "{{cookiecutter.project_slug}}";

    /// <summary>string, derived string, choice, boolean, dict, private variables, __prompts__ and _copy_without_render.</summary>
    public const string FullCookiecutterJson = """
        {
          "project_name": "My Project",
          "project_slug": "{{ cookiecutter.project_name|lower|replace(' ', '_') }}",
          "license": ["MIT", "BSD-3-Clause", "Apache-2.0"],
          "use_docker": true,
          "settings": {"port": "8080", "service": "{{ cookiecutter.project_slug }}-svc"},
          "_private": "not an input",
          "__dunder": "not an input either",
          "_copy_without_render": ["*.raw"],
          "__prompts__": {
            "project_name": "What is the project called?",
            "license": {"__prompt__": "Which license?", "MIT": "MIT License"}
          }
        }
        """;

    public static TemplateRepository WriteFullTemplate(this TemplateRepository repository, string directory = "")
    {
        var root = directory.Length == 0 ? "" : directory + "/";
        return repository
            .WriteFile(root + "cookiecutter.json", FullCookiecutterJson)
            .WriteFile(root + ProjectFolder + "/README.md", """
                # {{ cookiecutter.project_name }}

                License: {{ cookiecutter.license }}
                Docker: {{ cookiecutter.use_docker }}
                Service: {{ cookiecutter.settings.service }} on port {{ cookiecutter.settings.port }}

                """)
            .WriteFile(root + ProjectFolder + "/src/{{cookiecutter.project_slug}}/__init__.py", "__version__ = \"0.1.0\"\nNAME = \"{{ cookiecutter.project_slug }}\"\n")
            .WriteFile(root + ProjectFolder + "/scripts/run.sh", "#!/bin/sh\necho {{ cookiecutter.project_slug }}\n", executable: true)
            .WriteFile(root + ProjectFolder + "/data.raw", "{{ kept as written }}\n")
            .WriteBytes(root + ProjectFolder + "/logo.bin", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0x7B, 0x7B, 0x00, 0xFF]);
    }

    /// <summary>A one-variable template; <paramref name="greeting"/> tells revisions apart.</summary>
    public static TemplateRepository WriteSmallTemplate(this TemplateRepository repository, string directory, string variable, string greeting)
    {
        var root = directory.Length == 0 ? "" : directory + "/";
        return repository
            .WriteFile(root + "cookiecutter.json", $$"""{"project_slug": "demo", "{{variable}}": "{{greeting}}"}""")
            .WriteFile(root + ProjectFolder + "/hello.txt", $"{{{{ cookiecutter.{variable} }}}}\n");
    }

    /// <summary>Hooks that prove they ran: each writes a marker (absolute path, outside the output) and a file in the project.</summary>
    public static TemplateRepository WriteHookTemplate(this TemplateRepository repository, string outsideMarker)
    {
        return repository
            .WriteSmallTemplate("", "greeting", "hi")
            .WriteFile("hooks/pre_gen_project.py", $$"""
                import pathlib
                try:
                    stolen = open("/etc/shadow").read()
                except Exception as error:
                    stolen = "could not read /etc/shadow: " + str(error)
                pathlib.Path(r"{{outsideMarker}}").write_text(stolen)
                """)
            .WriteFile("hooks/post_gen_project.py", """
                import pathlib
                pathlib.Path("hook-was-here.txt").write_text("post_gen_project ran in the project folder\n")
                """);
    }
}
