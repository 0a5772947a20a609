using DynamoMcp.PackageDocs.Answers;
using DynamoMcp.PackageDocs.Models;
using DynamoMcp.PackageDocs.Registry;

namespace DynamoMcp.PackageDocs.Curation;

/// <summary>The curated packages, validated and normalized once: what the warm-up fetches and the resources list.</summary>
public sealed class CuratedSet
{
    /// <summary>The Django and Vue ecosystems' libraries a coding assistant asks about most.</summary>
    public static IReadOnlyList<CuratedPackage> Defaults { get; } =
    [
        Py("django", "The web framework for perfectionists with deadlines."),
        Py("djangorestframework", "Django REST framework: Web APIs for Django."),
        Py("celery", "Distributed task queue, the usual background worker of Django projects."),
        Py("django-filter", "Declarative filtering of querysets from URL parameters, for views and DRF."),
        Py("django-cors-headers", "CORS headers for Django responses."),
        Py("channels", "WebSockets and other async protocols for Django."),
        Py("django-environ", "Django settings from environment variables (12-factor)."),
        Py("django-allauth", "Authentication, registration and social accounts for Django."),
        Py("django-debug-toolbar", "A panel of debug information for Django requests."),
        Py("django-storages", "Storage backends for Django (S3, Azure, GCS, ...)."),
        Py("django-redis", "A Redis cache backend for Django."),
        Py("drf-spectacular", "OpenAPI 3 schemas for Django REST framework."),
        Py("whitenoise", "Static files served by the Python web app itself."),
        Py("gunicorn", "A WSGI HTTP server, the usual way to serve Django."),
        Py("psycopg", "The PostgreSQL adapter for Python (psycopg 3)."),
        Npm("vue", "The progressive JavaScript framework."),
        Npm("vue-router", "The official router for Vue."),
        Npm("pinia", "The official state management library for Vue."),
        Npm("vite", "The front-end build tool and dev server Vue projects use."),
        Npm("@vitejs/plugin-vue", "Vue single-file component support for Vite."),
        Npm("nuxt", "The full-stack Vue framework."),
        Npm("vitest", "The Vite-native test runner."),
        Npm("@vue/test-utils", "The official unit testing utilities for Vue."),
        Npm("@vueuse/core", "A collection of Vue composition utilities."),
        Npm("vuetify", "A Material Design component framework for Vue."),
        Npm("eslint-plugin-vue", "The official ESLint plugin for Vue."),
        Npm("typescript", "TypeScript, which Vue and Vite projects are typically written in."),
        Npm("axios", "The promise-based HTTP client many Vue apps use."),
    ];

    public CuratedSet(CuratedPackagesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var all = (options.ReplaceDefaults ? [] : Defaults).Concat(options.Packages);
        var seen = new HashSet<(Ecosystem, string)>();
        var packages = new List<CuratedEntry>();
        var index = 0;
        foreach (var p in all)
        {
            var where = $"{CuratedPackagesOptions.Section}:Packages entry '{p.Ecosystem}/{p.Name}'";
            if (!EcosystemNames.TryParse(p.Ecosystem, out var ecosystem))
            {
                throw new InvalidOperationException($"{where}: the ecosystem must be 'pypi' or 'npm'.");
            }

            string name;
            try
            {
                name = ecosystem == Ecosystem.PyPi ? PackageNames.ValidatePyPi(p.Name, "configuration") : PackageNames.ValidateNpm(p.Name, "configuration");
            }
            catch (RegistryException e)
            {
                throw new InvalidOperationException($"{where}: {e.Message}", e);
            }

            // A configured entry may restate a built-in one (to change its description): the later one wins.
            if (!seen.Add((ecosystem, name)))
            {
                packages.RemoveAll(e => e.Ecosystem == ecosystem && e.Name == name);
            }

            packages.Add(new CuratedEntry(ecosystem, name, p.Description.Trim(), index++));
        }

        Packages = packages;
    }

    public IReadOnlyList<CuratedEntry> Packages { get; }

    public CuratedEntry? Find(Ecosystem ecosystem, string normalizedName) =>
        Packages.FirstOrDefault(p => p.Ecosystem == ecosystem && p.Name == normalizedName);

    public const string ResourceScheme = "package-docs";

    private static CuratedPackage Py(string name, string description) => new() { Ecosystem = "pypi", Name = name, Description = description };

    private static CuratedPackage Npm(string name, string description) => new() { Ecosystem = "npm", Name = name, Description = description };
}
