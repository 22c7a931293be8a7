using System.Collections.Generic;
using System.ComponentModel;

namespace AffectEngine.Scenarios;

/// <summary>
/// An empathy-training session (<c>affect train</c>): which agent stands for the trainee (the
/// perceived person whose moves and face the patient appraises), which is the patient, and the
/// moves the trainee may make, each with its appraisal meaning.
/// </summary>
[Description("An empathy-training session: the trainee (a perceived person embodied by an agent), the patient, and the trainee's moves with their appraisal meaning.")]
public sealed class TrainingSpec
{
    /// <summary>The agent id standing for the trainee; also the perception person whose face is recognized.</summary>
    [Description("The agent id that stands for the trainee; also the perception person whose recognized face colours the moves.")]
    public string Trainee { get; set; } = "";

    /// <summary>The agent id of the virtual patient.</summary>
    [Description("The agent id of the virtual patient (or customer) the moves are made to.")]
    public string Patient { get; set; } = "";

    /// <summary>Interactive sessions offer the move menu this often (simulated time).</summary>
    [Description("Interactive sessions offer the move menu this often, in simulated time (e.g. \"5s\").")]
    public Duration MenuEvery { get; set; } = Duration.FromSeconds(5);

    /// <summary>The moves the trainee can make.</summary>
    [Description("The moves the trainee can make.")]
    public List<MoveSpec> Moves { get; set; } = [];
}

/// <summary>One trainee move and what it means for the patient's appraisal.</summary>
[Description("A trainee move: an action judged by the patient's standards, with effects on the patient's goals.")]
public sealed class MoveSpec
{
    /// <summary>The move's id, as scripts and the menu name it.</summary>
    [Description("The move's id, as scripts name it (e.g. \"reassure\").")]
    public string Id { get; set; } = "";

    /// <summary>What the menu shows.</summary>
    [Description("What the interactive menu shows (default: the id).")]
    public string? Label { get; set; }

    /// <summary>The action the patient's standards judge (default: the id).</summary>
    [Description("The action name the patient's standards judge (default: the id).")]
    public string? Action { get; set; }

    /// <summary>How the move bears on goals ("patient/feel-heard").</summary>
    [Description("How the move bears on goals (GAMYGDALA beliefs), e.g. {\"goal\": \"patient/feel-heard\", \"congruence\": 0.6}.")]
    public List<BeliefSpec> Beliefs { get; set; } = [];
}
