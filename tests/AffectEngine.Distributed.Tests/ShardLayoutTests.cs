using AffectEngine.Scenarios;

namespace AffectEngine.Distributed.Tests;

public sealed class ShardLayoutTests
{
    [Fact]
    public void Scenarios_with_a_social_section_are_refused_for_sharding_and_plain_ones_are_not()
    {
        var plain = CrossShardScenarios.Tavern();
        Assert.Null(ShardLayout.Unsupported(plain));
        var social = CrossShardScenarios.Tavern();
        social.Social = new SocialSection();
        Assert.Contains("$.social", ShardLayout.Unsupported(social), System.StringComparison.Ordinal);
    }
}
