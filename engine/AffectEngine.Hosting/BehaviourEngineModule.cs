using System;
using System.Collections.Generic;
using AffectEngine.Affect;
using AffectEngine.Behaviour;
using AffectEngine.Core;
using AffectEngine.Scenarios;

namespace AffectEngine.Hosting;

/// <summary>
/// The behaviour layer (tendencies, actions, breaks, coping) as an engine module; register it after the
/// affect module. Its systems are attached once every module is attached, because they need the appraisal
/// module (actions are appraised; coping changes goals and beliefs): they run after appraisal in the
/// Appraise stage and after the expression in the Express stage.
/// </summary>
public sealed class BehaviourEngineModule : IEngineModule, IRunnerAware
{
    private readonly BehaviourSettings _settings;
    private BehaviourModule? _module;

    /// <summary>Creates the module with its settings.</summary>
    public BehaviourEngineModule(BehaviourSettings settings) => _settings = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <inheritdoc />
    public string Name => "behaviour";

    /// <summary>The behaviour layer of this runner's world.</summary>
    public BehaviourModule Behaviour => _module ?? throw new InvalidOperationException("The behaviour module has not been declared yet.");

    /// <inheritdoc />
    public void Declare(AgentSchema.Builder schema) => _module = new BehaviourModule(schema, _settings);

    /// <inheritdoc />
    public void Attach(Simulation simulation)
    {
    }

    void IRunnerAware.Connect(SimulationRunner runner) => Behaviour.Attach(runner.Simulation, runner.Module<AffectEngineModule>().Appraisal);
}

/// <summary>Registration of the behaviour layer: <c>services.AddAffectEngine(...).AddBehaviour(b => ...)</c>.</summary>
public static class BehaviourEngineBuilderExtensions
{
    /// <summary>Adds tendencies, actions, breaks and coping. Settings are validated here; the message names the bad field.</summary>
    public static AffectEngineBuilder AddBehaviour(this AffectEngineBuilder builder, Action<BehaviourSettings>? configure = null)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        var settings = new BehaviourSettings();
        configure?.Invoke(settings);
        Problems.ThrowIfAny(settings.Validate(), "BehaviourSettings.");

        return builder.AddModule(_ => new BehaviourEngineModule(settings));
    }

    /// <summary>The behaviour layer of a runner (throws when <see cref="AddBehaviour"/> was not called).</summary>
    public static BehaviourModule Behaviour(this SimulationRunner runner) =>
        (runner ?? throw new ArgumentNullException(nameof(runner))).Module<BehaviourEngineModule>().Behaviour;
}

/// <summary>
/// The scenario's "behaviours" section turned into module settings at registration, and into per-agent
/// rule masks, named targets and coping settings once the agents exist. The loader has already checked
/// every reference; errors here are defects, not user input.
/// </summary>
public static class ScenarioBehaviour
{
    /// <summary>True when the scenario has a "behaviours" section.</summary>
    public static bool Uses(Scenario scenario) => (scenario ?? throw new ArgumentNullException(nameof(scenario))).Behaviours is not null;

    /// <summary>The module settings the scenario asks for (engine defaults for what it leaves out).</summary>
    public static void Configure(BehaviourSettings settings, Scenario scenario)
    {
        if (settings is null || scenario is null)
        {
            throw new ArgumentNullException(settings is null ? nameof(settings) : nameof(scenario));
        }

        var b = scenario.Behaviours ?? throw new ArgumentException("The scenario has no behaviours section.", nameof(scenario));
        var step = scenario.Run.Step.Seconds;
        if (b.Tendencies is { } t)
        {
            var table = TendencyTable.CreateDefault();
            if (t.MoodWeight is { } mw)
            {
                table.MoodWeight = mw;
            }

            if (t.Table is { } entries)
            {
                table.ClearEntries();
                foreach (var e in entries)
                {
                    Emotions.TryParse(e.Emotion, out var emotion);
                    Tendencies.TryParse(e.Tendency, out var tendency);
                    table.Add(emotion, tendency, e.Weight);
                }
            }

            settings.Tendencies = table;
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in b.Actions)
        {
            index[a.Name] = settings.Actions.Count;
            var rule = new ActionRule
            {
                Name = a.Name,
                Utility = a.Utility,
                CooldownTicks = a.Cooldown is { } cd ? (int)Math.Round(cd.Seconds / step) : 0,
                Target = a.Target switch
                {
                    "agent" => TargetKind.Agent,
                    "nearest" => TargetKind.Nearest,
                    "provoker" => TargetKind.Provoker,
                    "most-liked" => TargetKind.MostLiked,
                    "least-liked" => TargetKind.LeastLiked,
                    _ => TargetKind.None,
                },
                Radius = a.Radius,
                Move = a.Move switch { "toward" => MoveKind.Toward, "away" => MoveKind.Away, _ => MoveKind.None },
                Speed = a.Speed,
                MaxSpeed = a.MaxSpeed ?? a.Speed,
                Reach = a.Reach,
                Appraised = a.Appraised,
                WitnessRadius = a.WitnessRadius,
            };
            if (a.When is { } w)
            {
                AddConditions(rule, w.Emotions, ConditionKind.Emotion, static n => Emotions.TryParse(n, out var e) ? (int)e : -1);
                AddConditions(rule, w.Tendencies, ConditionKind.Tendency, static n => Tendencies.TryParse(n, out var k) ? (int)k : -1);
                AddConditions(rule, w.Mood, ConditionKind.Mood, static n => n switch { "p" => 0, "a" => 1, "d" => 2, _ => -1 });
                foreach (var o in w.Octants)
                {
                    for (var i = 0; i < 8; i++)
                    {
                        if (MoodOctants.Name(i) == o)
                        {
                            rule.OctantMask |= 1 << i;
                        }
                    }
                }

                if (w.Liking is { } l)
                {
                    rule.LikingMin = l.Min ?? -1f;
                    rule.LikingMax = l.Max ?? 1f;
                }
            }

            foreach (var fx in a.Effects)
            {
                rule.Effects.Add(new ActionEffect(fx.Owner == "actor" ? EffectOwner.Actor : EffectOwner.Target, fx.Goal, fx.Congruence, fx.Likelihood) { Controllability = fx.Controllability });
            }

            settings.Actions.Add(rule);
        }

        if (b.Break is { } br)
        {
            settings.Break = new BreakRule
            {
                PleasureBelow = br.PleasureBelow,
                ForTicks = Math.Max(1, (int)Math.Round(br.For.Seconds / step)),
                LastsTicks = Math.Max(1, (int)Math.Round(br.Lasts.Seconds / step)),
                Action = index.TryGetValue(br.Action, out var ba) ? ba : -1,
            };
        }

        if (b.Coping is { } c)
        {
            settings.Coping = new CopingSettings
            {
                StressThreshold = c.StressThreshold,
                EveryTicks = c.Every is { } every ? Math.Max(1, (int)Math.Round(every.Seconds / step)) : 10,
                DistancingStep = c.DistancingStep,
                WishfulStep = c.WishfulStep,
                ReappraisalStep = c.ReappraisalStep,
                BlameStep = c.BlameStep,
                SupportRadius = c.SupportRadius,
                ProblemAction = c.ProblemAction is { } pa && index.TryGetValue(pa, out var pi) ? pi : -1,
            };
        }
    }

    /// <summary>Per-agent rule masks, named targets and coping settings, once the scenario's agents exist.</summary>
    public static void Apply(SimulationRunner runner, Scenario scenario)
    {
        if (runner is null || scenario?.Behaviours is null)
        {
            throw new ArgumentNullException(runner is null ? nameof(runner) : nameof(scenario));
        }

        var b = scenario.Behaviours;
        var module = runner.Behaviour();
        var groups = new Dictionary<string, (AgentSpec Spec, int Copy)>(StringComparer.Ordinal);
        foreach (var spec in scenario.Agents)
        {
            for (var k = 0; k < spec.Count; k++)
            {
                groups[spec.NameOf(k)] = (spec, k);
            }
        }

        var masks = new Dictionary<AgentId, ulong>();
        for (var i = 0; i < b.Actions.Count; i++)
        {
            var a = b.Actions[i];
            if (a.TargetAgent is { } ta)
            {
                module.Settings.Actions[i].TargetAgent = Agent(runner, ta, $"$.behaviours.actions[{i}].targetAgent");
            }

            foreach (var pair in groups)
            {
                var everyone = a.Agents is null && a.Group is null;
                var listed = a.Agents is not null && a.Agents.Contains(pair.Key);
                var inGroup = a.Group is not null && pair.Value.Spec.InGroup(a.Group, pair.Value.Copy);
                if (everyone || listed || inGroup)
                {
                    var id = Agent(runner, pair.Key, $"$.behaviours.actions[{i}]");
                    masks[id] = (masks.TryGetValue(id, out var m) ? m : 0UL) | (1UL << i);
                }
            }
        }

        foreach (var pair in masks)
        {
            module.SetRules(pair.Key, pair.Value);
        }

        if (b.Coping is { } c)
        {
            for (var i = 0; i < c.Agents.Count; i++)
            {
                var ac = c.Agents[i];

                // A shard's world holds only some of the scenario's agents; the loader checked the name.
                if (!runner.TryGetAgent(ac.Agent, out var id))
                {
                    continue;
                }

                if (ac.Strategy is { } s && CopingStrategies.TryParse(s, out var strategy))
                {
                    module.ForceStrategy(id, strategy);
                }

                if (ac.Controllability is { } ctl)
                {
                    module.SetControllability(id, ctl);
                }
            }
        }
    }

    private static void AddConditions(ActionRule rule, Dictionary<string, RangeSection> ranges, ConditionKind kind, Func<string, int> index)
    {
        // Ordinal order: the file's key order must not change the rule.
        var keys = new List<string>(ranges.Keys);
        keys.Sort(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var i = index(key);
            if (i >= 0)
            {
                var r = ranges[key];
                rule.Conditions.Add(new Condition(kind, i, r.Min ?? float.NegativeInfinity, r.Max ?? float.PositiveInfinity));
            }
        }
    }

    private static AgentId Agent(SimulationRunner runner, string name, string path) =>
        runner.TryGetAgent(name, out var id) ? id : throw new ArgumentException($"{path}: no agent '{name}'.");
}
