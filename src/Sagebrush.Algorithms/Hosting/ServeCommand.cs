using System.Net;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sagebrush.Algorithms.Contract;

namespace Sagebrush.Algorithms.Hosting;

/// <summary>
/// <c>serve</c>: loads the model once, then listens, so GET /ping answers 200 as soon as anything answers at all.
/// Kestrel alone, no routing or logging middleware: the hot path is one handler (<see cref="InvocationsHandler"/>).
/// SIGTERM stops the host gracefully and the program exits 0.
/// </summary>
internal static class ServeCommand
{
    public static int Run(IBuiltInAlgorithm algorithm, ServeSettings settings)
    {
        IPredictor predictor;
        try
        {
            predictor = algorithm.Load(settings.ModelDirectory);
        }
        catch (Exception exception) when (exception is AlgorithmException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not load the {algorithm.Name} model from {settings.ModelDirectory}: {exception.Message}");
            return 1;
        }

        var app = Build(predictor, settings);
        // SIGTERM (how SageMaker stops a container) and SIGINT end the host gracefully and the program with 0.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        // Listening for frames before /ping can answer: the router sends calls as soon as the instance is healthy.
        using var frames = FrameServer.SocketNameFromEnvironment() is { } framesSocket
            ? new FrameServer(predictor, framesSocket, (int)Math.Min(settings.MaxRequestBodyBytes, int.MaxValue / 2))
            : null;
        frames?.Start();
        app.Start();
        Console.Out.WriteLine($"Sagebrush.Algorithms: serving {algorithm.Name} on 127.0.0.1:{settings.Port}");
        app.WaitForShutdown();
        (predictor as IDisposable)?.Dispose();
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            app.Lifetime.StopApplication();
        }
    }

    public static WebApplication Build(IPredictor predictor, ServeSettings settings)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes;
            kestrel.Listen(IPAddress.Loopback, settings.Port);
        });
        var app = builder.Build();
        var handler = new InvocationsHandler(predictor, settings.MaxRequestBodyBytes);
        app.Run(handler.HandleAsync);
        return app;
    }
}
