using System.Linq;
using AffectEngine.Appraisal;
using AffectEngine.Appraisal.Gamygdala;

namespace AffectEngine.Affect.Tests;

/// <summary>The plugin seam is real: the GAMYGDALA plugin sees Abstractions only.</summary>
public sealed class ArchitectureTests
{
    [Fact]
    public void Gamygdala_plugin_references_abstractions_and_no_other_engine_assembly()
    {
        var refs = typeof(GamygdalaModel).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.Contains("AffectEngine.Abstractions", refs);
        Assert.DoesNotContain(refs, n => n is not null && n.StartsWith("AffectEngine.", System.StringComparison.Ordinal) && n != "AffectEngine.Abstractions");
    }

    [Fact]
    public void Appraisal_contracts_live_in_abstractions()
    {
        var abstractions = typeof(AgentId).Assembly;
        Assert.Same(abstractions, typeof(IAppraisalModel).Assembly);
        Assert.Same(abstractions, typeof(AppraisalEvent).Assembly);
        Assert.Same(abstractions, typeof(EmotionType).Assembly);
    }
}
