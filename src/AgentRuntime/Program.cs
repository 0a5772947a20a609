using System.Runtime.InteropServices;
using DynamoMcp.AgentRuntime;

using var terminate = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    terminate.Cancel();
});
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    terminate.Cancel();
};

return await AgentProgram.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable, TimeProvider.System, terminate.Token);
