using DynamoMcp.LocalCluster;
using DynamoMcp.Operator.Runtime.Controllers;
using DynamoMcp.Operator.Runtime.Hosting;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.Operator.Tests.Runtime.Integration;

/// <summary>A controller host as Program will build it (AddControllerRuntime + AddController + endpoints), on a TestServer.</summary>
internal sealed class RuntimeHost : IAsyncDisposable
{
    private RuntimeHost(WebApplication app, RequestCounter requests, Kubernetes client)
    {
        App = app;
        Requests = requests;
        Client = client;
    }

    public WebApplication App { get; }

    public RequestCounter Requests { get; }

    public Kubernetes Client { get; }

    public IServiceProvider Services => App.Services;

    public ControllerManager Manager => App.Services.GetRequiredService<ControllerManager>();

    public Controller<V1ConfigMap> Controller => (Controller<V1ConfigMap>)Manager.Controllers.Single();

    public HttpClient Http => App.GetTestClient();

    public static async Task<RuntimeHost> StartAsync(
        LocalClusterServer cluster,
        ReconcileLog log,
        string name = "host",
        Action<ControllerRuntimeOptions>? configure = null,
        int workers = 4,
        CancellationToken cancellationToken = default)
    {
        var requests = new RequestCounter();
        var client = new Kubernetes(cluster.ClientConfiguration, requests);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IKubernetes>(client);
        builder.Services.AddSingleton(log);
        builder.Services.AddSingleton(new HostName(name));
        builder.Services.AddControllerRuntime(o =>
        {
            o.Namespaces = ["default"];
            configure?.Invoke(o);
        });
        builder.Services.AddController<V1ConfigMap, SampleConfigMapController>(c => c.Named("sample").WithWorkers(workers));
        var app = builder.Build();
        app.MapControllerRuntimeEndpoints();
        await app.StartAsync(cancellationToken);
        return new RuntimeHost(app, requests, client);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        Client.Dispose();
    }
}
