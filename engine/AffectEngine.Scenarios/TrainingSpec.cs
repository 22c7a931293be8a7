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

    /// <summary>How long after a move the patient answers (simulated time), so the answer reflects the move's appraisal.</summary>
    [Description("How long after each move the patient answers, in simulated time (e.g. \"1.5s\"): the answer reflects the state the move left her in.")]
    public Duration ReplyAfter { get; set; } = Duration.FromSeconds(1.5);

    /// <summary>The patient's authored answers, by state; the first whose conditions all hold is said.</summary>
    [Description("The patient's authored answers: after each move, the first utterance whose conditions on her state all hold is said (its lines in turn).")]
    public List<UtteranceSpec> Utterances { get; set; } = [];
}

/// <summary>An authored answer of the patient for one state (guarded, tearful, opens up, angry).</summary>
[Description("An authored answer of the patient: the state it is for, conditions on her emotions and mood, and the lines she says in it (in turn).")]
public sealed class UtteranceSpec
{
    /// <summary>The state's name, shown in the transcript ("guarded", "tearful", ...).</summary>
    [Description("The state's name, shown in the transcript (e.g. \"tearful\").")]
    public string Id { get; set; } = "";

    /// <summary>Conditions that must all hold (none: always; put such a fallback last).</summary>
    [Description("Conditions on her state that must all hold; none = always (a fallback, put it last).")]
    public List<StateCondition> When { get; set; } = [];

    /// <summary>What she says; repeated states take the next line.</summary>
    [Description("What she says in this state; each time the state comes back she says the next line.")]
    public List<string> Lines { get; set; } = [];
}

/// <summary>A bound on one emotion's intensity or one mood axis.</summary>
[Description("A bound on one emotion's intensity (\"emotion\") or one mood axis (\"mood\": p, a or d): min ≤ value ≤ max.")]
public sealed class StateCondition
{
    /// <summary>An emotion type (kebab case), or null when the condition is on the mood.</summary>
    [Description("An emotion type, e.g. \"distress\" (or give \"mood\").")]
    public string? Emotion { get; set; }

    /// <summary>A mood axis: "p", "a" or "d".</summary>
    [Description("A mood axis: \"p\", \"a\" or \"d\" (or give \"emotion\").")]
    public string? Mood { get; set; }

    /// <summary>Lowest value that satisfies the condition.</summary>
    [Description("The lowest value that satisfies it.")]
    public float? Min { get; set; }

    /// <summary>Highest value that satisfies the condition.</summary>
    [Description("The highest value that satisfies it.")]
    public float? Max { get; set; }
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
