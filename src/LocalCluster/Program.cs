using DynamoMcp.LocalCluster;
using Microsoft.Extensions.Logging;

// Usage: dotnet run --project src/LocalCluster -- --data-dir <dir> [--port N] [--token T]
var options = new LocalClusterOptions();
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--data-dir":
            options.DataDirectory = Path.GetFullPath(Next());
            break;
        case "--port":
            options.Port = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--token":
            options.Token = Next();
            break;
        default:
            Console.Error.WriteLine($"Unknown argument {args[i]}. Usage: --data-dir <dir> [--port N] [--token T]");
            return 2;
    }
}
using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft.AspNetCore", LogLevel.Warning));
using var stop = new CancellationTokenSource();
using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Stop);
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Stop);
await using var server = await LocalClusterServer.StartAsync(options, loggerFactory, stop.Token);
Console.WriteLine($"LocalCluster serving at {server.BaseUri}");
Console.WriteLine($"kubeconfig: {server.KubeconfigPath}  (kubectl --kubeconfig {server.KubeconfigPath} get ns)");
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}
return 0;

void Stop(System.Runtime.InteropServices.PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
