using AffectEngine.Persistence;

namespace AffectEngine.Hosting;

/// <summary>
/// An engine module that consumes <see cref="TickInput"/>s of its own kinds: it adds a reader for each
/// kind, so records of its runs replay in every host. <see cref="SimulationRunner.InputReaders"/>
/// collects the readers of all the runner's modules (plugins' included); hosts replay with that
/// registry and hold no table of their own.
/// </summary>
public interface IInputReaders
{
    /// <summary>Adds a reader for every input kind this module consumes (a kind may be registered once per runner).</summary>
    void AddInputReaders(TickInputRegistry registry);
}
