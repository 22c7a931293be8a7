using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AffectEngine.Distributed.Orleans;
using AffectEngine.Scenarios;

namespace AffectEngine.Distributed.Tests;

/// <summary>Shards of one scenario in this process, wired to each other's borders as the coordinator wires silos, for tests that drive the exchange by hand.</summary>
internal static class LocalShards
{
    public static async Task<LocalShard[]> StartAsync(Scenario scenario, ClusterSocial social, int shards)
    {
        var json = ScenarioLoader.ToJson(scenario);
        var local = Enumerable.Range(0, shards).Select(s => new LocalShard(new ShardSpec(json, shards, s, 1, social.ToJson()))).ToArray();

        // Each shard sends to every importer of its agents, routes in importer order (the coordinator's order).
        var routes = Enumerable.Range(0, shards).Select(_ => new SortedDictionary<int, List<int>>()).ToArray();
        for (var r = 0; r < shards; r++)
        {
            foreach (var g in local[r].Info.Imports)
            {
                var home = Array.FindLastIndex(local, l => l.Info.First <= g);
                if (!routes[home].TryGetValue(r, out var list))
                {
                    routes[home][r] = list = [];
                }

                list.Add(g);
            }
        }

        for (var s = 0; s < shards; s++)
        {
            await local[s].ConnectAsync(routes[s].Select(kv => new HaloRoute(kv.Key, kv.Value.ToArray())).ToList());
        }

        return local;
    }
}
