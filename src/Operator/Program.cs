using DynamoMcp.Operator.Cli;

return await OperatorCommandLine.Build().Parse(args).InvokeAsync().ConfigureAwait(false);
