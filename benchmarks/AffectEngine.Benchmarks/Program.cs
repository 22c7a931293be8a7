using BenchmarkDotNet.Running;

namespace AffectEngine.Benchmarks;

internal static class Program
{
    private static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "quick-social")
        {
            QuickSocial.Run(args);
            return;
        }

        if (args.Length > 0 && args[0] == "quick-record")
        {
            QuickRecord.Run(args);
            return;
        }

        if (args.Length > 0 && args[0] == "quick-behaviour")
        {
            QuickBehaviour.Run(args);
            return;
        }

        if (args.Length > 0 && args[0] == "quick-express")
        {
            QuickExpress.Run(args);
            return;
        }

        if (args.Length > 0 && args[0] == "quick-appraisal")
        {
            QuickAppraisal.Run(args);
            return;
        }

        if (args.Length > 0 && args[0] == "quick-load-peak")
        {
            QuickLoad.Peak(args);
            return;
        }

        if (args.Length > 0 && args[0] == "quick-load")
        {
            QuickLoad.Run(args);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
