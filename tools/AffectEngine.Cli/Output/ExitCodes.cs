namespace AffectEngine.Cli.Output;

/// <summary>
/// Every exit code of <c>affect</c>, in one table so commands cannot drift apart; docs/cli.md lists the
/// same table and the tests hold each command to it.
/// </summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Ok = 0;

    /// <summary><c>replay --verify</c>: a replayed hash differs from the recorded one.</summary>
    public const int Mismatch = 1;

    /// <summary>A mistake the user can fix: bad flags, missing or invalid files, unusable output paths.</summary>
    public const int UsageError = 2;

    /// <summary>The cluster failed a sharded run (a silo lost, the cluster unreachable).</summary>
    public const int ClusterFailure = 3;

    /// <summary>
    /// A record is damaged or incomplete: <c>replay --verify</c> could not verify all of it, <c>export</c>
    /// and <c>plot</c> covered only the readable part (stdout says which part).
    /// </summary>
    public const int IncompleteRecord = 4;

    /// <summary>An output could not be written while the command ran (disk full, device error); nothing is left behind.</summary>
    public const int WriteFailed = 5;

    /// <summary>A bug in affect itself; the message asks for a report.</summary>
    public const int InternalError = 70;

    /// <summary>Interrupted by Ctrl+C (SIGINT), as shells report it (128 + 2); unfinished outputs are removed.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM (128 + 15); unfinished outputs are removed.</summary>
    public const int Terminated = 143;
}
