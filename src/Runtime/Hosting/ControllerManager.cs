using DynamoMcp.Runtime.Client;
using DynamoMcp.Runtime.Controllers;
using DynamoMcp.Runtime.Informers;
using DynamoMcp.Runtime.Leader;
using DynamoMcp.Runtime.Metrics;
using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamoMcp.Runtime.Hosting;

/// <summary>
/// Runs the informers (always, so a standby has a warm cache) and the controllers' workers (only while leading
/// when leader election is on). Losing the lease cancels in-flight reconciles; a graceful stop lets them finish.
/// </summary>
public sealed partial class ControllerManager : BackgroundService
{
    private readonly IServiceProvider _services;
    private readonly InformerRegistry _informers;
    private readonly ControllerRuntimeOptions _options;
    private readonly ControllerRuntimeMetrics _metrics;
    private readonly LeaderElectionState _leader;
    private readonly ILogger _logger;
    private readonly Lock _termLock = new();
    private readonly List<IController> _controllers = new();
    private CancellationTokenSource? _term;
    private Task _termTask = Task.CompletedTask;
    private LeaseLock? _lease;
    private CancellationTokenSource? _electionStop;
    private Task _electionTask = Task.CompletedTask;

    public ControllerManager(
        IServiceProvider services,
        InformerRegistry informers,
        IOptions<ControllerRuntimeOptions> options,
        ControllerRuntimeMetrics metrics,
        LeaderElectionState leader,
        ILogger<ControllerManager> logger)
    {
        _services = services;
        _informers = informers;
        _options = options.Value;
        _options.Validate();
        _metrics = metrics;
        _leader = leader;
        _logger = logger;
    }

    public IReadOnlyList<IController> Controllers => _controllers;

    /// <summary>Informers synced and, with leader election, leading or standing by behind a known leader.</summary>
    public bool IsReady => _informers.AllSynced && _started && (!_options.LeaderElection.Enabled || _leader.HasDecided);

    private volatile bool _started;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Drain first: workers finish what they hold, then the run token is cancelled.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ShutdownTimeout);
        try
        {
            await Task.WhenAll(_controllers.Select(c => c.ShutDownAsync(timeout.Token))).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LogDrainTimedOut(_options.ShutdownTimeout);
        }

        // Stop campaigning before releasing, or the renew loop would take the released lease straight back.
        var wasLeader = _leader.IsLeader;
        _electionStop?.Cancel();
        try
        {
            await _electionTask.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        if (wasLeader)
        {
            await ReleaseLeaseAsync(cancellationToken).ConfigureAwait(false);
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Built before ExecuteAsync, which .NET 10 runs on a background thread: once the host has started, every
        // controller exists (and its informer handlers are registered) for whoever reads Controllers.
        foreach (var registration in _services.GetServices<ControllerRegistration>())
        {
            var controllerType = typeof(Controller<>).MakeGenericType(registration.Definition.EntityType);
            _controllers.Add((IController)ActivatorUtilities.CreateInstance(_services, controllerType, registration.Definition));
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _informers.Start(stoppingToken);
        _started = true;
        try
        {
            await _informers.WaitForSyncAsync(stoppingToken).ConfigureAwait(false);
            LogSynced(_informers.All.Count);
            if (!_options.LeaderElection.Enabled)
            {
                _leader.Leading(true);
                await RunControllersAsync(stoppingToken).ConfigureAwait(false);
            }
            else
            {
                await RunWithLeaderElectionAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            StopTerm();
            await _termTask.ConfigureAwait(false);
            await _informers.StoppedAsync().ConfigureAwait(false);
        }
    }

    private Task RunControllersAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_controllers.Select(c => c.RunWorkersAsync(cancellationToken)));

    private async Task RunWithLeaderElectionAsync(CancellationToken stoppingToken)
    {
        var settings = _options.LeaderElection;
        _lease = new LeaseLock(_services.GetRequiredService<IKubernetes>(), settings.LeaseNamespace, settings.LeaseName, settings.Identity);
        _metrics.LeaderStatus(settings.LeaseName, false);
        using var elector = new LeaderElector(new LeaderElectionConfig(_lease)
        {
            LeaseDuration = settings.LeaseDuration,
            RenewDeadline = settings.RenewDeadline,
            RetryPeriod = settings.RetryPeriod,
        });
        elector.OnStartedLeading += () =>
        {
            LogStartedLeading(settings.Identity, settings.LeaseNamespace, settings.LeaseName);
            _leader.Leading(true);
            _metrics.LeaderStatus(settings.LeaseName, true);
            StartTerm(stoppingToken);
        };
        elector.OnStoppedLeading += () =>
        {
            if (!_leader.IsLeader)
            {
                return;
            }

            LogStoppedLeading(settings.Identity, settings.LeaseNamespace, settings.LeaseName);
            _leader.Leading(false);
            _metrics.LeaderStatus(settings.LeaseName, false);
            StopTerm();
        };
        elector.OnNewLeader += identity =>
        {
            _leader.ObservedLeader(identity);
            LogNewLeader(identity, settings.LeaseNamespace, settings.LeaseName);
        };
        elector.OnError += ex => LogElectionError(ex, settings.LeaseNamespace, settings.LeaseName);
        using var electionStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        _electionStop = electionStop;
        _electionTask = elector.RunAndTryToHoldLeadershipForeverAsync(electionStop.Token);
        try
        {
            await _electionTask.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (electionStop.IsCancellationRequested)
        {
        }

        // A graceful stop cancels only the election; the informers keep running until the host stops.
        await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
    }

    private void StartTerm(CancellationToken stoppingToken)
    {
        lock (_termLock)
        {
            _term?.Cancel();
            var term = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            _term = term;
            var previous = _termTask;
            _termTask = Task.Run(async () =>
            {
                // Workers of the previous term must be gone before new ones take keys.
                await previous.ConfigureAwait(false);
                await RunControllersAsync(term.Token).ConfigureAwait(false);
            }, CancellationToken.None);
        }
    }

    private void StopTerm()
    {
        lock (_termLock)
        {
            _term?.Cancel();
            _term = null;
        }
    }

    /// <summary>Hands the lease over at once on a graceful stop (client-go's ReleaseOnCancel).</summary>
    private async Task ReleaseLeaseAsync(CancellationToken cancellationToken)
    {
        if (_lease is null)
        {
            return;
        }

        StopTerm();
        _leader.Leading(false);
        _metrics.LeaderStatus(_options.LeaderElection.LeaseName, false);
        try
        {
            var record = await _lease.GetAsync(cancellationToken).ConfigureAwait(false);
            if (record?.HolderIdentity == _options.LeaderElection.Identity)
            {
                var now = DateTime.UtcNow;
                await _lease.UpdateAsync(
                    new LeaderElectionRecord
                    {
                        HolderIdentity = string.Empty,
                        LeaseDurationSeconds = 1,
                        AcquireTime = now,
                        RenewTime = now,
                        LeaderTransitions = record.LeaderTransitions,
                    },
                    cancellationToken).ConfigureAwait(false);
                LogReleased(_options.LeaderElection.LeaseNamespace, _options.LeaderElection.LeaseName);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogElectionError(ex, _options.LeaderElection.LeaseNamespace, _options.LeaderElection.LeaseName);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} informers synced")]
    private partial void LogSynced(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "In-flight reconciles did not finish within {Timeout}; cancelling them")]
    private partial void LogDrainTimedOut(TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} became leader of lease {Namespace}/{Lease}; starting controllers")]
    private partial void LogStartedLeading(string identity, string @namespace, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} lost lease {Namespace}/{Lease}; stopping controllers")]
    private partial void LogStoppedLeading(string identity, string @namespace, string lease);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} leads lease {Namespace}/{Lease}")]
    private partial void LogNewLeader(string identity, string @namespace, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leader election on lease {Namespace}/{Lease} hit an error; retrying")]
    private partial void LogElectionError(Exception ex, string @namespace, string lease);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released lease {Namespace}/{Lease}")]
    private partial void LogReleased(string @namespace, string lease);
}
