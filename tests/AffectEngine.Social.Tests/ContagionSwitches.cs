namespace AffectEngine.Social.Tests;

/// <summary>
/// The tests that set the contagion passes' process-wide test switches (<c>ContagionSystem.ForceScalar</c>,
/// <c>ForceOneBlock</c>, <c>ContagionState.ForceRebuild</c>). xUnit runs test classes in parallel, and a switch set by
/// one class changes the runs of every other class running at that moment: a full rebuild resets the displacement
/// bound that <see cref="ContagionPathTests"/> compares between paths, and a forced scalar path silently turns another
/// test's paired run into a scalar one. So these classes run alone, one after another.
/// </summary>
[CollectionDefinition("contagion switches", DisableParallelization = true)]
public sealed class ContagionSwitches
{
}
