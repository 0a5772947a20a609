using DynamoMcp.Runtime.Children;
using DynamoMcp.Runtime.Client;
using DynamoMcp.Runtime.Reconcile;
using DynamoMcp.Runtime.Controllers;
using DynamoMcp.Runtime.Events;
using DynamoMcp.Runtime.Informers;
using DynamoMcp.Runtime.Leader;
using DynamoMcp.Runtime.Metrics;
using DynamoMcp.Runtime.Status;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;

namespace DynamoMcp.Runtime.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds the controller runtime: shared informers, the manager (hosted service), leader election, status writer,
    /// event recorder, readiness check and OpenTelemetry metrics with the Prometheus exporter. Registers an
    /// <see cref="IKubernetes"/> from kubeconfig/in-cluster config unless one is registered already.
    /// </summary>
    public static IServiceCollection AddControllerRuntime(this IServiceCollection services, Action<ControllerRuntimeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ControllerRuntimeOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(
            o =>
            {
                o.Validate();
                return true;
            });
        services.TryAddSingleton<IKubernetes>(_ => KubernetesClientFactory.CreateDefault());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(typeof(IResourceClient<>), typeof(ResourceClient<>));
        services.TryAddSingleton<InformerRegistry>();
        services.TryAddSingleton<ControllerRuntimeMetrics>();
        services.TryAddSingleton<LeaderElectionState>();
        services.TryAddSingleton(typeof(IStatusWriter<>), typeof(StatusWriter<>));
        services.TryAddSingleton<IEventRecorder, EventRecorder>();
        services.TryAddSingleton<ChildApplier>();
        services.TryAddSingleton(typeof(ReconcileSteps<>));
        if (!services.Any(d => d.ServiceType == typeof(ControllerManager)))
        {
            services.AddSingleton<ControllerManager>();
            services.AddHostedService(sp => sp.GetRequiredService<ControllerManager>());
            services.AddHealthChecks().AddCheck<ControllerRuntimeReadinessCheck>("controller-runtime", tags: ["ready"]);
            services.AddOpenTelemetry().WithMetrics(m => m.AddControllerRuntimeMetrics().AddPrometheusExporter());
        }

        return services;
    }

    /// <summary>
    /// Adds a controller for <typeparamref name="TEntity"/> (the builder's <c>For</c>); <paramref name="configure"/> declares
    /// owned kinds, other watches, finalizers and workers. <typeparamref name="TController"/> is resolved per reconcile from a scope.
    /// </summary>
    public static IServiceCollection AddController<TEntity, TController>(
        this IServiceCollection services, Action<ControllerBuilder<TEntity>>? configure = null)
        where TEntity : IKubernetesObject<V1ObjectMeta>
        where TController : class, IEntityController<TEntity>
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddScoped<TController>();
        var builder = new ControllerBuilder<TEntity>(services);
        configure?.Invoke(builder);
        var definition = builder.Build(typeof(TController));
        if (services.Any(d => d.ImplementationInstance is ControllerRegistration r && r.Definition.Name == definition.Name))
        {
            throw new InvalidOperationException(
                $"A controller named '{definition.Name}' is already registered; give the second one a distinct name with Named(...).");
        }

        services.AddSingleton(new ControllerRegistration(definition));
        return services;
    }
}
