using System;
using AffectEngine.Visualizer;

try
{
    if (args.Length > 0 && (args[0] == "--help" || args[0] == "-h"))
    {
        Console.WriteLine(VisualizerOptions.Usage);
        return 0;
    }

    var options = VisualizerOptions.Parse(args);
    using var simulation = SimulationFactory.Create(options);
    return VisualizerHost.Run(options, simulation, Console.Out);
}
catch (AffectEngine.Scenarios.ScenarioException e)
{
    // Scenario errors name file, line, column and path; print them without a stack trace.
    if (e.Errors.Count == 0)
    {
        Console.Error.WriteLine("error: " + e.Message);
    }

    foreach (var error in e.Errors)
    {
        Console.Error.WriteLine("error: " + error);
    }

    return 2;
}
catch (System.IO.IOException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 2;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    Console.Error.WriteLine(VisualizerOptions.Usage);
    return 2;
}
catch (InvalidOperationException e)
{
    // GL, EGL and GLFW failures carry an actionable message (missing package, no display).
    Console.Error.WriteLine("error: " + e.Message);
    return 1;
}
